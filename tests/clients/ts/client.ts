// Compiled by tests/test_generated_clients.py with `tsc` and its default flags against the types
// openapi-typescript generates from /openapi.json (written beside this file as api.d.ts), then run
// with node against `serve --sandbox`: log in with only a username and a password, read a profile.
import type { components, operations } from "./api";

type LoginForm = operations["postAuthLogin"]["requestBody"]["content"]["application/x-www-form-urlencoded"];
type Token = operations["postAuthLogin"]["responses"][200]["content"]["application/json"];
type UserQuery = NonNullable<operations["getUser"]["parameters"]["query"]>;
type User = components["schemas"]["User"];
type ErrorBody = components["schemas"]["ErrorBody"];

// node's own, declared here so that tsc needs no @types/node.
declare const process: { argv: string[]; exitCode?: number };

// Usage: node client.js BASE_URL [API_KEY]
const base = process.argv[2];
const apiKey = process.argv[3] || "";
const keyHeader: Record<string, string> = apiKey ? { "X-API-Key": apiKey } : {};

function formOf(fields: LoginForm): URLSearchParams {
  const form = new URLSearchParams();
  for (const name of Object.keys(fields) as (keyof LoginForm)[]) {
    form.append(name, String(fields[name]));
  }
  return form;
}

function login(username: string, password: string): Promise<Token> {
  return fetch(base + "/auth/login", { method: "POST", headers: keyHeader, body: formOf({ username, password }) })
    .then((answer) => answer.json() as Promise<Token>);
}

function profile(token: Token, query: UserQuery): Promise<User | ErrorBody> {
  const search = new URLSearchParams({ username: query.username || "" });
  return fetch(base + "/user?" + search.toString(), { headers: { ...keyHeader, "X-Session-ID": token } })
    .then((answer) => answer.json() as Promise<User | ErrorBody>);
}

login("demo", "demo-password")
  .then((token) => profile(token, { username: "instagram" }).then((user) => {
    if ("detail" in user) {
      throw new Error(user.detail);
    }
    const followers: number = user.follower_count;
    console.log(JSON.stringify({ token, pk: user.pk, username: user.username, follower_count: followers }));
  }))
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
