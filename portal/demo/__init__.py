"""The demo directory (`flask --app wsgi demo-data`): deterministic generated companies at the
seed's scale or any other, loaded in batches by `portal.demo.loader.load_demo`.

Kept empty of imports so that `portal.models` can import the progress model cheaply.
"""
