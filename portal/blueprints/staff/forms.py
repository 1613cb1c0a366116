"""Staff-management forms: they check the shape of what was typed; the services decide.

Form-level CSRF is off because the app-wide hook (portal.web.auth) already checks the token
on every cookie-session write, form or htmx, and skips it for API token clients; the same
forms then read JSON bodies from integrators.
"""
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from portal.models import ROLE_WORKER, ROLES
from portal.web.forms import bind  # noqa: F401  (the staff views bind their forms with it)

REQUIRED = "Обязательное поле."
ROLE_CHOICES = [SelectChoice(role) for role in ROLES]
ROLE_MESSAGE = "Выберите роль: " + " или ".join(ROLES) + "."


class StaffForm(FlaskForm):
    """Base: no per-form CSRF field (see the module docstring)."""

    class Meta:
        csrf = False


def role_field(field_id: str, default: str = ROLE_WORKER) -> SelectField:
    """A role picker that names the allowed roles when given anything else."""
    return SelectField(
        "Роль", choices=ROLE_CHOICES, default=default, id=field_id,
        validators=[DataRequired(ROLE_MESSAGE)], validate_choice=True,
    )


class InviteForm(StaffForm):
    # Explicit ids: the staff page shows this form beside AccountForm, whose fields share names.
    email = EmailField(
        "Электронная почта приглашённого", id="invite-email",
        validators=[Optional(), Email("Неверный адрес электронной почты."), Length(max=254)],
    )
    role = role_field("invite-role")


class AccountForm(StaffForm):
    full_name = StringField(
        "Имя и фамилия", id="account-full-name", validators=[DataRequired(REQUIRED), Length(max=200)]
    )
    email = EmailField(
        "Электронная почта", id="account-email",
        validators=[DataRequired(REQUIRED), Email("Неверный адрес электронной почты."), Length(max=254)],
    )
    phone_number = StringField(
        "Телефон", id="account-phone", validators=[Optional(), Length(max=32, message="Не длиннее 32 символов.")]
    )
    role = role_field("account-role")


class RoleForm(StaffForm):
    role = role_field("role")


class ClaimForm(StaffForm):
    bin = StringField("БИН компании", validators=[DataRequired("Введите БИН компании."), Length(max=20, message="БИН состоит из 12 цифр.")])
    message = TextAreaField(
        "Сообщение директору", validators=[Optional(), Length(max=500, message="Не длиннее 500 символов.")]
    )


class InviteRegisterForm(StaffForm):
    full_name = StringField("Имя и фамилия", validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField(
        "Электронная почта",
        validators=[DataRequired(REQUIRED), Email("Неверный адрес электронной почты."), Length(max=254)],
    )
    password = PasswordField(
        "Пароль", validators=[DataRequired(REQUIRED), Length(min=8, max=200, message="От 8 до 200 символов.")]
    )
    confirm = PasswordField(
        "Повторите пароль", validators=[DataRequired(REQUIRED), EqualTo("password", "Пароли не совпадают.")]
    )
