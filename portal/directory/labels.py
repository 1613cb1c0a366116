"""How the directory's HTML pages name and link the JSON keys (the JSON itself is the seed's)."""

# Russian captions of every key the Clients API returns.
LABELS = {
    "id": "Код",
    "section": "Раздел",
    "sub_section": "Подраздел",
    "rubric": "Рубрика",
    "region": "Регион",
    "locality": "Населённый пункт",
    "district": "Район",
    "type": "Тип компании",
    "krp_name": "Размер предприятия (КРП)",
    "email": "Электронная почта",
    "clients_bin": "БИН компании",
    "company_id": "Компания",
    "company_name": "Наименование",
    "alternative_name": "Другое наименование",
    "phone_number": "Телефон",
    "client": "Компания",
    "director": "Руководитель",
    "bin": "БИН",
    "company_name_ex": "Название в справочнике",
    "company_name_search": "Название для поиска",
    "registration_date": "Дата регистрации",
    "oked": "ОКЭД",
    "description": "Вид деятельности",
    "secondary_oked": "Вторичный ОКЭД",
    "krp_code": "Код КРП",
    "kato": "КАТО",
    "address": "Юридический адрес",
    "index_ex": "Почтовый индекс",
    "address_ex": "Фактический адрес",
    "comment_to_adress_ex": "Как найти",
    "subway_or_bus_ex": "Остановка",
    "web_site_ex": "Сайт",
    "vk_ex": "ВКонтакте",
    "twitter_ex": "Twitter",
    "facebook_ex": "Facebook",
    "instagram_ex": "Instagram",
    "seal_image": "Печать",
    "updated": "Обновлено",
    "region_ex": "Регион",
    "locality_ex": "Населённый пункт",
    "district_ex": "Район",
    "user": "Пользователь",
    "full_name": "Имя",
    "role": "Должность",
}

# Keys holding another object's public id, shown as a link to that object's page.
LINKS = {
    "company_id": "clients.clients_detail",
    "krp_name": "clients.krp_names_detail",
    "region_ex": "clients.regions_detail",
    "locality_ex": "clients.localities_detail",
    "district_ex": "clients.districts_detail",
}

# Keys whose text names an object another key of the same row identifies: (id key, endpoint).
TEXT_LINKS = {
    "company_name": ("company_id", "clients.clients_detail"),
}

# Keys holding a time, shown in Almaty local time.
TIMES = frozenset({"registration_date", "updated"})

# The columns of a list page where the full object is too wide for a table.
LIST_COLUMNS = {
    "clients": ["id", "company_name", "bin", "oked", "description", "director", "address"],
    "emails": ["id", "email", "company_name", "clients_bin"],
    "staff": ["user", "full_name", "email", "role", "phone_number"],
}

# Each row of these lists opens a filtered list of what it contains.
CHILD_LINKS = {
    "sections": ("Подразделы", "clients.sub_sections_list", "section"),
    "sub_sections": ("Рубрики", "clients.rubrics_list", "sub_section"),
    "regions": ("Населённые пункты", "clients.localities_list", "region"),
    "localities": ("Районы", "clients.districts_list", "locality"),
    "rubrics": ("Компании", "clients.clients_list", "rubric"),
    "types": ("Компании", "clients.clients_list", "type"),
    "krp_names": ("Компании", "clients.clients_list", "krp"),
    "districts": ("Компании", "clients.clients_list", "district"),
}
