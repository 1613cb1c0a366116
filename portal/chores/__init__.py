"""Recurring documents and payment reminders (#20): periods, schedules, runs, reminders."""
