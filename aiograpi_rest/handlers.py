"""Each operation's request handler, compiled once from the dependant FastAPI built for it.

FastAPI solves an operation's dependencies by walking its dependant on every request and working
out again, per parameter and per dependency, what never changes: the parameter's aliases, whether
it is a list or a model, each dependency's cache key and kind; it also builds a Response and a
result object per level. That was the largest part of the gateway's own cost per request
(`bench/run.py --profile`). `compile_handler` works those facts out once and keeps FastAPI's own
pieces for everything that decides an answer: each field's validation (`ModelField.validate`, the
missing-field error; a missing optional parameter whose default is one immutable value takes it
as FastAPI would, without the call), form parsing, the generator dependencies' exit stacks and
shielded cleanup (`_ShieldedExit` does what FastAPI's wrapper does, with one object fewer per
call), the response model's validation and serialization (straight to JSON bytes, as FastAPI does
without a response class, where the app's FastJSONResponse would write the same bytes), the
exceptions a validation error raises.
Plain form fields are read as `request_body_to_args` reads them (a urlencoded body as Starlette
parses it, `urlencoded.py`); a body with files, form models
or JSON fields is still read by that function. An operation using anything not covered here
(param models, background tasks, a `Response` parameter, streams, a JSON body, a route-level body
limit) keeps FastAPI's handler, and so does every request made while dependency overrides are set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from anyio import CancelScope
from anyio.lowlevel import checkpoint_if_cancelled
from fastapi import params
from fastapi._body_limit import get_body_limit_error
from fastapi._compat import ModelField, field_annotation_is_sequence
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.models import (
    Dependant,
    _get_cache_key,
    _is_async_gen_callable,
    _is_coroutine_callable,
    _is_gen_callable,
)
from fastapi.dependencies.utils import (
    _get_form_models,
    _get_param_aliases,
    _get_param_model,
    _is_empty_file_input,
    _is_json_field,
    _should_embed_body_fields,
    _solve_generator,
    _validate_value_with_model_field,
    request_body_to_args,
)
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError, ResponseValidationError
from fastapi.routing import _extract_endpoint_context
from fastapi.utils import is_body_allowed_for_status_code
from pydantic_core import PydanticUndefined as Undefined
from starlette._exception_handler import wrap_app_handling_exceptions
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from aiograpi_rest.responses import FastJSONResponse
from aiograpi_rest.urlencoded import read_form


class Unsupported(Exception):
    """The operation uses something `compile_handler` leaves to FastAPI."""


@dataclass(frozen=True, slots=True)
class Param:
    """A query, header, cookie or plain form parameter: where to read it and how FastAPI would."""

    field: ModelField
    aliases: tuple[str, ...]  # request keys in preference order
    location: str
    many: bool  # read every value (`getlist`), as for a list field
    # What a missing optional parameter becomes when that is one immutable value, unvalidated
    # (FastAPI deep-copies the default, which returns such a value itself); else Undefined.
    default: Any = Undefined


_IMMUTABLE = (type(None), bool, int, float, str, bytes)


def _fixed_default(field: ModelField) -> Any:
    info = field.field_info
    if info.is_required() or info.validate_default or info.default_factory is not None:
        return Undefined
    return info.default if type(info.default) in _IMMUTABLE else Undefined


@dataclass(frozen=True, slots=True)
class Step:
    """One dependant: its sub-dependencies, its own parameters, how its call is made."""

    dependant: Dependant
    call: Callable[..., Any]
    name: str | None
    kind: str  # "async", "async generator", "generator" (sync: FastAPI's own way), "sync"
    function_scope: bool
    cache_key: Any
    use_cache: bool
    subs: tuple[Step, ...]
    query: tuple[Param, ...]
    headers: tuple[Param, ...]
    cookies: tuple[Param, ...]
    body: tuple[ModelField, ...]
    form: tuple[Param, ...] | None  # `body` read as plain form fields, or None: FastAPI reads it
    request_names: tuple[str, ...]


def _param(field: ModelField) -> Param:
    if _get_param_model(field) is not None:
        raise Unsupported(f"a parameter model: {field.name}")
    info = field.field_info
    assert isinstance(info, params.Param)
    many = not _is_json_field(field) and field_annotation_is_sequence(info.annotation)
    aliases = tuple(request for _, request in _get_param_aliases(field))
    return Param(field, aliases, info.in_.value, many, _fixed_default(field))


def _form_fields(fields: list[ModelField], embed: bool) -> tuple[Param, ...] | None:
    """Plain form fields (no files, no form models, no JSON) as `request_body_to_args` reads an
    embedded form; None for anything else, which FastAPI's function goes on reading."""
    if not fields:
        return ()
    for field in fields:
        info = field.field_info
        if not isinstance(info, params.Form) or isinstance(info, params.File):
            return None
        if _get_form_models(field) or _is_json_field(field):
            return None
    if len(fields) == 1 and not embed and not _should_embed_body_fields(fields):
        return None
    return tuple(
        Param(
            field,
            tuple(alias for alias, _ in _get_param_aliases(field)),
            "body",
            field_annotation_is_sequence(field.field_info.annotation),
            _fixed_default(field),
        )
        for field in fields
    )


def _validated(p: Param, value: Any, alias: str, values: dict[str, Any], errors: list[Any]) -> None:
    """`value` validated as FastAPI validates a parameter: into `values`, or its errors into `errors`."""
    if value is Undefined and p.default is not Undefined:
        values[p.field.name] = p.default
        return
    v, problems = _validate_value_with_model_field(
        field=p.field, value=value, values=values, loc=(p.location, alias)
    )
    if problems:
        errors.extend(problems)
    else:
        values[p.field.name] = v


def _read_form(form: Any, group: Sequence[Param], values: dict[str, Any], errors: list[Any]) -> None:
    """What `request_body_to_args` does with a form of plain fields: the first alias holding a
    value (an empty string or an empty file is none) picks the field's value and its `loc`."""
    for p in group:
        value: Any = Undefined
        chosen = p.aliases[0]
        for alias in p.aliases:
            if p.many:
                found: Any = [item for item in form.getlist(alias) if not _is_empty_file_input(item)]
                empty = not found
            else:
                found = form.get(alias)
                empty = found is None or found == "" or _is_empty_file_input(found)
            if not empty:
                value, chosen = found, alias
                break
        _validated(p, value, chosen, values, errors)


def _step(dependant: Dependant, embed: bool, *, top: bool = False) -> Step:
    if dependant.path_params:
        raise Unsupported("path parameters")
    if (
        dependant.background_tasks_param_name
        or dependant.response_param_name
        or dependant.security_scopes_param_name
        or dependant.websocket_param_name
        or dependant.concurrency is not None
    ):
        raise Unsupported("a special parameter")
    call = dependant.call
    assert call is not None
    if _is_async_gen_callable(call):
        kind = "async generator"
        # Made once: FastAPI wraps the dependency in asynccontextmanager on every request.
        call = asynccontextmanager(call)
    elif _is_gen_callable(call):
        kind = "generator"
    else:
        kind = "async" if _is_coroutine_callable(call) else "sync"
    if top and kind != "async":
        raise Unsupported("a generator or sync endpoint")
    names = tuple(n for n in (dependant.http_connection_param_name, dependant.request_param_name) if n)
    return Step(
        dependant=dependant,
        call=call,
        name=dependant.name,
        kind=kind,
        function_scope=dependant.scope == "function",
        cache_key=_get_cache_key(dependant=dependant),
        use_cache=dependant.use_cache,
        subs=tuple(_step(sub, embed) for sub in dependant.dependencies),
        query=tuple(_param(f) for f in dependant.query_params),
        headers=tuple(_param(f) for f in dependant.header_params),
        cookies=tuple(_param(f) for f in dependant.cookie_params),
        body=tuple(dependant.body_params),
        form=_form_fields(dependant.body_params, embed),
        request_names=names,
    )


def _read(received: Any, group: Sequence[Param], values: dict[str, Any], errors: list[Any]) -> None:
    """What `request_params_to_args` does, with each parameter's facts worked out beforehand."""
    for p in group:
        alias = next((a for a in p.aliases if a in received), p.aliases[0])
        value = received.getlist(alias) if p.many and hasattr(received, "getlist") else received.get(alias)
        if value is None or (p.many and len(value) == 0):
            value = Undefined
        _validated(p, value, alias, values, errors)


class Solver:
    """Solves one request's dependencies, as `solve_dependencies` would, for a compiled `Step`."""

    __slots__ = ("request", "body", "embed", "cache", "errors")

    def __init__(self, request: Request, body: Any, embed: bool) -> None:
        self.request, self.body, self.embed = request, body, embed
        self.cache: dict[Any, Any] = {}
        self.errors: list[Any] = []

    async def values(self, step: Step) -> dict[str, Any] | None:
        """The arguments of `step.call`, or None when some of them failed validation."""
        values: dict[str, Any] = {}
        failed = False
        for sub in step.subs:
            sub_values = await self.values(sub)
            if sub_values is None:
                failed = True
                continue
            if sub.use_cache and sub.cache_key in self.cache:
                solved = self.cache[sub.cache_key]
            else:
                solved = await self.call(sub, sub_values)
            if sub.name is not None:
                values[sub.name] = solved
            self.cache.setdefault(sub.cache_key, solved)
        errors = self.errors
        before = len(errors)
        request = self.request
        if step.query:
            _read(request.query_params, step.query, values, errors)
        if step.headers:
            _read(request.headers, step.headers, values, errors)
        if step.cookies:
            _read(request.cookies, step.cookies, values, errors)
        if step.form:
            _read_form(self.body, step.form, values, errors)
        elif step.body:
            body_values, body_errors = await request_body_to_args(
                body_fields=list(step.body), received_body=self.body, embed_body_fields=self.embed
            )
            values.update(body_values)
            errors.extend(body_errors)
        for name in step.request_names:
            values[name] = request
        return None if failed or len(errors) > before else values

    async def call(self, step: Step, values: dict[str, Any]) -> Any:
        if step.kind == "async":
            return await step.call(**values)
        if step.kind == "sync":
            return await run_in_threadpool(step.call, **values)
        scope = self.request.scope
        stack = scope["fastapi_function_astack" if step.function_scope else "fastapi_inner_astack"]
        if step.kind == "generator":
            return await _solve_generator(
                dependant=step.dependant, stack=stack, sub_values=values, request=self.request
            )
        # What `_solve_generator` does for an async generator: the request's stack holds one
        # cancel scope, shielded while a dependency's exit runs, so a disconnect cannot cut a
        # cleanup (the session's lock release and settings write-back) short.
        cleanup_scopes = scope.setdefault("fastapi_async_cleanup_scopes", {})
        request_stack = scope["fastapi_inner_astack"]
        cleanup_scope = cleanup_scopes.get(request_stack)
        if cleanup_scope is None:
            cleanup_scope = request_stack.enter_context(CancelScope())
            cleanup_scopes[request_stack] = cleanup_scope
            request_stack.callback(cleanup_scopes.pop, request_stack)
        return await stack.enter_async_context(_ShieldedExit(step.call(**values), cleanup_scope))


class _ShieldedExit:
    """FastAPI's `_asynccontextmanager_with_shielded_exit` as one object rather than a generator
    around the dependency's: `scope` is shielded while the dependency's exit runs, restored
    after it, and a cancellation that arrived meanwhile is delivered once the exit is done."""

    __slots__ = ("cm", "scope", "was_shielded")

    def __init__(self, cm: Any, scope: CancelScope) -> None:
        self.cm, self.scope = cm, scope

    async def __aenter__(self) -> Any:
        self.was_shielded = self.scope.shield
        return await self.cm.__aenter__()

    async def __aexit__(self, *exc_info: Any) -> bool:
        self.scope.shield = True
        try:
            suppressed = await self.cm.__aexit__(*exc_info)
        finally:
            self.scope.shield = self.was_shielded
        await checkpoint_if_cancelled()
        return bool(suppressed)


def compile_handler(route: Any) -> ASGIApp | None:
    """The ASGI app for one operation (`route` an APIRoute or FastAPI's route context for one
    inclusion of it), or None when the operation needs FastAPI's own handler."""
    try:
        return _compile(route)
    except Unsupported:
        return None


def _compile(route: Any) -> ASGIApp:
    provider = route.dependency_overrides_provider
    if route.max_body_size is not None:
        raise Unsupported("a route's own body limit")
    if getattr(route.original_route, "form_limits", None):
        raise Unsupported("form limits")
    if route.is_sse_stream or route.is_json_stream or route.stream_item_field is not None:
        raise Unsupported("a stream")
    if (
        route.response_model_include is not None
        or route.response_model_exclude is not None
        or not route.response_model_by_alias
        or route.response_model_exclude_unset
        or route.response_model_exclude_defaults
        or route.response_model_exclude_none
    ):
        raise Unsupported("response model options")
    form = route.body_field is not None
    if form and not isinstance(route.body_field.field_info, params.Form):
        raise Unsupported("a JSON body")
    step = _step(route.dependant, route._embed_body_fields, top=True)
    context = _context(step.call, route.dependant.path)
    respond = _responder(route, context)
    embed = route._embed_body_fields

    async def answer(request: Request) -> Response:
        body = await _form(request) if form else Undefined
        solver = Solver(request, body, embed)
        values = await solver.values(step)
        if values is None:
            raise RequestValidationError(
                solver.errors, body=None if body is Undefined else body, endpoint_ctx=context(request)
            )
        return respond(await step.call(**values), request)

    fastapis = route.app

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if provider is not None and provider.dependency_overrides:
            # Overrides set after the table was built (as tests do) apply: FastAPI's handler
            # solves them.
            await fastapis(scope, receive, send)
            return
        request = Request(scope, receive, send)

        async def handle(scope: Scope, receive: Receive, send: Send) -> None:
            # FastAPI's two exit stacks: "function" dependencies (the session's client) are left
            # before the answer is sent, the others after.
            async with AsyncExitStack() as request_stack:
                scope["fastapi_inner_astack"] = request_stack
                async with AsyncExitStack() as function_stack:
                    scope["fastapi_function_astack"] = function_stack
                    response = await answer(request)
                await response(scope, receive, send)

        await wrap_app_handling_exceptions(handle, request)(scope, receive, send)

    return app


async def _form(request: Request) -> Any:
    """The form body, closed with the request's files; parse errors as FastAPI reports them."""
    try:
        body = await read_form(request)
    except HTTPException:
        raise
    except Exception as e:
        if MAX_BODY_SIZE_SCOPE_KEY in request.scope and (error := get_body_limit_error(e)):
            raise error from e
        raise HTTPException(status_code=400, detail="There was an error parsing the body") from e
    request.scope["fastapi_middleware_astack"].push_async_callback(body.close)
    return body


def _context(call: Callable[..., Any], path: str) -> Callable[[Request], dict[str, Any]]:
    """What a validation error names of the endpoint, as FastAPI's handler puts it."""
    endpoint = _extract_endpoint_context(call)
    return lambda request: {**endpoint, "path": f"{request.method} {path}"}


def _responder(
    route: Any, context: Callable[[Request], dict[str, Any]]
) -> Callable[[Any, Request], Response]:
    """The endpoint's result as the Response FastAPI would make of it."""
    field = route.response_field
    response_class = route.response_class
    if isinstance(response_class, DefaultPlaceholder):
        # FastAPI serializes straight to JSON bytes when no response class was chosen.
        dump_json, response_class = field is not None, response_class.value
    else:
        # FastJSONResponse writes the model's Python form with orjson, byte for byte what
        # pydantic writes from the model itself (tests/test_responses.py), so the Python form
        # is skipped: a page of 50 users took 136 µs that way and takes 87 µs this way.
        dump_json = field is not None and response_class is FastJSONResponse
    args = {} if route.status_code is None else {"status_code": route.status_code}

    def respond(raw: Any, request: Request) -> Response:
        if isinstance(raw, Response):
            return raw
        if field is None:
            response = response_class(jsonable_encoder(raw), **args)
        else:
            value, problems = field.validate(raw, {}, loc=("response",))
            if problems:
                raise ResponseValidationError(errors=problems, body=raw, endpoint_ctx=context(request))
            if dump_json:
                response = Response(field.serialize_json(value), media_type="application/json", **args)
            else:
                response = response_class(field.serialize(value), **args)
        if not is_body_allowed_for_status_code(response.status_code):
            response.body = b""
        return response

    return respond
