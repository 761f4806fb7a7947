"""Account: the logged-in account's profile, picture, privacy, links, password, contact points,
security and account family.

Values Instagram would refuse for their form (a username with spaces, an e-mail without `@`, a
link that is not http(s)) are 422s naming the field before anything is sent.
"""

from __future__ import annotations

from typing import Annotated, Any

from aiograpi import exceptions as igx
from aiograpi.types import Account, UserShort
from fastapi import APIRouter, File, Form, Query, UploadFile

from aiograpi_rest.boundary import USERNAME_PATTERN, DigitsItem
from aiograpi_rest.deps import ServicesDep, SessionClient
from aiograpi_rest.errors import ApiError, invalid
from aiograpi_rest.forms import clean_username
from aiograpi_rest.media.spool import saved_photo

router = APIRouter(prefix="/account", tags=["Account"])

# FastAPI checks each field against its pattern (and the schema states it); the handlers only
# take the spaces around away. ASCII only: `\s` differs between Python's and the validator's regexes.
EMAIL_PATTERN = r"^ *[!-?A-~]+@[!-?A-~]+\.[!-?A-~]+ *$"
PHONE_PATTERN = r"^ *\+?[0-9][0-9 ()\-]{5,20} *$"
URL_PATTERN = r"^ *https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?([/?#][!-~]*)? *$"


def or_blank(pattern: str) -> str:
    """The pattern, or only spaces: on PATCH /account a blank value clears the field."""
    return f"^ *$|{pattern}"


EmailForm = Annotated[str, Form(pattern=EMAIL_PATTERN, description="An e-mail address.")]
PhoneForm = Annotated[str, Form(pattern=PHONE_PATTERN, description="Digits, with the country code.")]
BIOGRAPHY_MAX = 150
CLEAR_URL_HINT = (
    "Instagram refused an empty link: remove the link instead with "
    "DELETE /account/bio-links?link_ids=<id> (the ids are in GET /user bio_links)."
)

OptionalText = Annotated[str | None, Form()]


# How each PATCH /account field is tidied once its pattern has passed; the rest lose their spaces.
CLEANED = {"username": clean_username, "biography": str}


@router.get("", summary="The logged-in account (with its e-mail, phone number and birthday)")
async def account_info(cl: SessionClient) -> Account:
    return await cl.account_info()


@router.patch("", summary="Edit the profile: only the fields given change")
async def account_edit(
    cl: SessionClient,
    external_url: Annotated[
        str | None, Form(pattern=or_blank(URL_PATTERN), description="http(s); blank clears it.")
    ] = None,
    username: Annotated[str | None, Form(pattern=USERNAME_PATTERN)] = None,
    full_name: OptionalText = None,
    biography: Annotated[str | None, Form(max_length=BIOGRAPHY_MAX)] = None,
    phone_number: Annotated[
        str | None, Form(pattern=or_blank(PHONE_PATTERN), description="Blank clears it.")
    ] = None,
    email: Annotated[str | None, Form(pattern=EMAIL_PATTERN)] = None,
) -> Account:
    given = {
        "external_url": external_url,
        "username": username,
        "full_name": full_name,
        "biography": biography,
        "phone_number": phone_number,
        "email": email,
    }
    data = {name: CLEANED.get(name, str.strip)(value) for name, value in given.items() if value is not None}
    if not data:
        raise invalid(", ".join(given), "give at least one field to change")
    return await cl.account_edit(**data)


@router.patch("/picture", summary="Change the profile picture (a JPEG, PNG or WebP photo)")
async def account_picture(
    svc: ServicesDep, cl: SessionClient, picture: Annotated[UploadFile, File(description="The photo.")]
) -> UserShort:
    async with saved_photo("picture", picture, svc.settings.upload_max_bytes) as path:
        return await cl.account_change_picture(path)


@router.patch("/privacy", summary="Make the account private or public")
async def account_privacy(
    cl: SessionClient,
    is_private: Annotated[
        bool, Form(description="true: private. false: public (pending follow requests are accepted).")
    ],
) -> bool:
    return await (cl.account_set_private() if is_private else cl.account_set_public())


@router.patch("/biography", summary="Set the biography only")
async def account_biography(
    cl: SessionClient, biography: Annotated[str, Form(max_length=BIOGRAPHY_MAX)]
) -> bool:
    return await cl.account_set_biography(biography)


@router.patch("/external-url", summary="Replace the profile's links with this one link")
async def account_external_url(
    cl: SessionClient, external_url: Annotated[str, Form(pattern=URL_PATTERN, description="An http(s) URL.")]
) -> dict[str, Any]:
    return await cl.set_external_url(external_url.strip())


@router.delete("/external-url", summary="Clear the profile's links")
async def account_external_url_clear(cl: SessionClient) -> dict[str, Any]:
    try:
        return await cl.set_external_url("")
    except (igx.UnknownError, igx.ClientBadRequestError) as exc:
        # The one answer whose remedy is another route: say which, whatever Instagram's wording.
        raise ApiError(
            409,
            str(exc) or "Instagram refused an empty link",
            exc_type=type(exc).__name__,
            hint=CLEAR_URL_HINT,
        ) from exc


@router.delete("/bio-links", summary="Remove profile links by their ids")
async def account_bio_links_remove(
    cl: SessionClient,
    link_ids: Annotated[
        list[DigitsItem], Query(min_length=1, description="`link_id` of each link (GET /user bio_links).")
    ],
) -> dict[str, Any]:
    return await cl.remove_bio_links(link_ids)


@router.patch("/password", summary="Change the password")
async def account_password(
    cl: SessionClient,
    old_password: Annotated[str, Form(min_length=1)],
    new_password: Annotated[str, Form(min_length=6, description="At least 6 characters.")],
) -> bool:
    changed = await cl.change_password(old_password, new_password)
    # aiograpi logs and swallows every failure; a wrong current password is the caller's to fix.
    if not changed and (cl.last_json or {}).get("error_type") == "bad_password":
        raise invalid("old_password", "Instagram says the current password is wrong")
    return bool(changed)


@router.post("/password/reset", summary="Send a password reset link to the account's e-mail or phone")
async def account_password_reset(
    cl: SessionClient,
    identifier: Annotated[str, Form(min_length=1, description="Username, e-mail or phone number.")],
    recaptcha_challenge_field: Annotated[str, Form(description="When Instagram asks for a captcha.")] = "",
) -> dict[str, Any]:
    return await cl.send_password_reset(identifier.strip().lstrip("@"), recaptcha_challenge_field)


@router.post("/email/confirmation", summary="Send a confirmation code to an e-mail address")
async def account_email_confirmation(cl: SessionClient, email: EmailForm) -> dict[str, Any]:
    return await cl.send_confirm_email(email.strip())


@router.post("/email/confirm", summary="Confirm an e-mail address with the code sent to it")
async def account_email_confirm(
    cl: SessionClient,
    email: EmailForm,
    code: Annotated[str, Form(pattern=r"^\s*\d{4,8}\s*$", description="The code from the e-mail.")],
) -> dict[str, Any]:
    return await cl.confirm_email(email.strip(), code.strip())


@router.post("/phone/confirm", summary="Send a confirmation code to a phone number")
async def account_phone_confirm(cl: SessionClient, phone_number: PhoneForm) -> dict[str, Any]:
    return await cl.send_confirm_phone_number(phone_number.strip())


@router.get("/security", summary="Security settings: two-factor methods, trusted devices, contact points")
async def account_security(cl: SessionClient) -> dict[str, Any]:
    return await cl.account_security_info()


@router.get("/family", summary="Accounts linked to this one (Accounts Center)")
async def account_family(cl: SessionClient) -> dict[str, Any]:
    return await cl.get_account_family_v1()
