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


class ChangePasswordForm(FlaskForm):
    """A new password, twice."""

    password = PasswordField(
        "Новый пароль", validators=[DataRequired(REQUIRED), Length(min=8, max=200, message="От 8 до 200 символов.")]
    )
    confirm = PasswordField(
        "Повторите пароль", validators=[DataRequired(REQUIRED), EqualTo("password", "Пароли не совпадают.")]
    )
