"""Texts of django-allauth (and of Django and DRF) that our sign-in, sign-up, password reset and e-mail confirmation
pages show without a template of ours: listed here so that makemessages keeps them in our catalogs.

Why: allauth's German addresses the reader as "du" and its Portuguese is Portugal's (for "pt" gettext falls back to
pt_PT), while ICP writes formal German ("Sie") and Portuguese that reads well in Brazil and Portugal alike. Our
catalogs (LOCALE_PATHS) come before every app's, so the same msgid translated in them wins on these pages. DRF's
German "Enter a valid email address." says "du" too and comes before Django's own. The msgids must stay exactly
allauth's (django-allauth 65): after an upgrade, compare them with allauth/locale/de/LC_MESSAGES/django.po.
In Spanish, French, Arabic and Japanese these entries carry allauth's (or Django's) own translation, corrected where it
was wrong (Arabic "MFA" as "Ministry of Foreign Affairs", "Bad Token" as jargon for an expired link).
Nothing imports this module; gettext_noop and the lazy calls only mark the texts for extraction.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

ALLAUTH_TEXTS = [
    # account/adapter.py: form errors
    gettext_noop("This account is currently inactive."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("A user is already registered with this email address."),
    gettext_noop("Incorrect password."),
    gettext_noop("Invalid or expired key."),
    gettext_noop("Invalid login."),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("The email address is not assigned to any user account."),
    gettext_noop("Be patient, you are sending too many requests."),
    # account/fields.py and account/forms.py: labels, placeholders, errors
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Forgot your password?"),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Password"),
    gettext_noop("Remember Me"),
    pgettext_lazy("field label", "Login"),
    gettext_noop("Password (again)"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    # templates/account/login.html, signup.html, logout.html
    gettext_noop("Sign In"),
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    gettext_noop("Sign Up"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    # templates/account/password_reset*.html
    gettext_noop("Password Reset"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    gettext_noop("Reset My Password"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if "
        "you do not receive it in a few minutes."
    ),
    gettext_noop("Cancel"),
    gettext_noop("Change Password"),
    gettext_noop("Bad Token"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  Please request a "
        '<a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("Your password is now changed."),
    # templates/account/verification_sent.html and email_confirm.html
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If "
        "you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do "
        "not receive the verification email within a few minutes."
    ),
    gettext_noop("Confirm"),
    gettext_noop("Confirm Email Address"),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'
    ),
    gettext_noop("Unable to confirm %(email)s because it is already confirmed by a different account."),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please "
        '<a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    # templates/account/messages/*.txt: flash messages
    gettext_noop("Confirmation email sent to %(email)s."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Password successfully changed."),
    # templates/account/email/*_subject.txt: the subjects of the e-mails the portal sends through allauth (the
    # bodies are ours, in templates/account/email/)
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Password Reset Email"),
    gettext_noop("Account Already Exists"),
    gettext_noop("Unknown Account"),
]

ALLAUTH_ADMIN_TEXTS = [
    # allauth/mfa/apps.py: the app's name in admin; allauth's Arabic reads "Ministry of Foreign Affairs"
    gettext_noop("MFA"),
]

DJANGO_ADMIN_TEXTS = [
    # django/contrib/admin/templates/admin/submit_line.html: our "Save" (the portal's forms) also names admin's first
    # button, so its neighbours say the same verb (German "Speichern", not "Sichern"; Portuguese "Salvar", not
    # Portugal's "Gravar"; Arabic "حفظ").
    gettext_noop("Save and add another"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Save as new"),
    gettext_noop("Save and view"),
]

DJANGO_TEXTS = [
    # django.core.validators (DRF's German catalog answers first, with "du")
    gettext_noop("Enter a valid email address."),
    # django.contrib.auth.password_validation: help texts under the password and its errors (Portugal's wording)
    gettext_noop("Your password can’t be too similar to your other personal information."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
]
