"""The events the log knows, in the words the director reads.

Areas that write new kinds of events add their codes here; an unknown code is shown as is.
"""
EVENT_LABELS = {
    "login": "Вход",
    "login_failed": "Неудачная попытка входа",
    "logout": "Выход",
    "logout_everywhere": "Выход на всех устройствах",
    "password_changed": "Смена пароля",
    "password_reset_requested": "Запрошен сброс пароля",
    "signup_attempted": "Попытка зарегистрироваться с адресом аккаунта",
    "password_reset": "Пароль сброшен по ссылке из письма",
    "token_created": "Создан API-токен",
    "token_revoked": "Отозван API-токен",
    "role_changed": "Изменена роль сотрудника",
    "member_removed": "Сотрудник исключён из компании",
    "account_created": "Создан аккаунт сотрудника",
    "invite_created": "Создано приглашение",
    "invite_revoked": "Приглашение отозвано",
    "invite_accepted": "Приглашение принято",
    "company_claimed": "Заявлены права на компанию",
    "company_claim_requested": "Заявка директору компании",
    "company_claim_cancelled": "Заявка на компанию отозвана",
    "company_code_sent": "Код подтверждения отправлен на адрес из справочника",
    "company_proof_refused": "Подтверждение компании отклонено",
    "company_proven": "Компания подтверждена",
    "eds_linked": "ЭЦП привязана к аккаунту",
}


def event_label(code: str) -> str:
    """The Russian name of an event code."""
    return EVENT_LABELS.get(code, code)

# The keys of `details`, as the page names them.
DETAIL_LABELS = {
    "method": "способ", "remember": "запомнить меня", "email": "адрес", "via": "через",
    "logins_ended": "завершено входов", "tokens_revoked": "отозвано токенов", "name": "название",
    "token": "токен", "role": "роль", "old_role": "прежняя роль", "member": "сотрудник",
    "invite": "приглашение", "bin": "БИН", "iin": "ИИН", "reason": "причина", "to": "куда",
    "detail": "подробности",
}


# Values written as codes, in words.
VALUE_LABELS = {"password": "пароль", "form": "форма входа", "token": "API (POST /auth/token/)", "eds": "ЭЦП"}


def detail_text(key: str, value) -> str:
    """One detail in words: «способ: пароль», «запомнить меня: да»."""
    if isinstance(value, bool):
        value = "да" if value else "нет"
    elif key in ("method", "via"):
        value = VALUE_LABELS.get(value, value)
    return f"{DETAIL_LABELS.get(key, key)}: {value}"
