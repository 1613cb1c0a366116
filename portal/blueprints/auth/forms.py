"""Account forms: they check shape; the accounts service decides."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

REQUIRED = "Обязательное поле."


class LoginForm(FlaskForm):
    """E-mail and password; whether to remember the browser."""

    email = EmailField("Электронная почта", validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField("Пароль", validators=[DataRequired(REQUIRED), Length(max=200)])
    remember = BooleanField("Запомнить меня")


class RegisterForm(FlaskForm):
    """A new account: name, e-mail, password twice."""

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


class NewPasswordForm(FlaskForm):
    """A new password, twice (the reset link's form)."""

    password = PasswordField(
        "Новый пароль", validators=[DataRequired(REQUIRED), Length(min=8, max=200, message="От 8 до 200 символов.")]
    )
    confirm = PasswordField(
        "Повторите пароль", validators=[DataRequired(REQUIRED), EqualTo("password", "Пароли не совпадают.")]
    )


class ChangePasswordForm(FlaskForm):
    """The current password, a new one twice, and whether to revoke the API tokens too.

    CSRF is checked app-wide before the view (portal/web/auth.py), which also lets API-key
    clients, who need none, use this form.
    """

    class Meta:
        csrf = False

    current_password = PasswordField("Текущий пароль", validators=[DataRequired(REQUIRED), Length(max=200)])
    # JSON bodies arrive as text (staff.forms.bind): "False" must read as false too.
    revoke_tokens = BooleanField("Отозвать все мои API-токены", false_values=(False, "false", "False", ""))
    password = PasswordField(
        "Новый пароль", validators=[DataRequired(REQUIRED), Length(min=8, max=200, message="От 8 до 200 символов.")]
    )
    confirm = PasswordField(
        "Повторите пароль", validators=[DataRequired(REQUIRED), EqualTo("password", "Пароли не совпадают.")]
    )


class ForgotPasswordForm(FlaskForm):
    """The address to send a reset link to."""

    email = EmailField(
        "Электронная почта",
        validators=[DataRequired(REQUIRED), Email("Неверный адрес электронной почты."), Length(max=254)],
    )


class TokenForm(FlaskForm):
    """A new API token's name (CSRF is checked app-wide, before the view; token clients need none)."""

    class Meta:
        csrf = False

    name = StringField("Название", validators=[DataRequired(REQUIRED), Length(max=100, message="Не длиннее 100 символов.")])
