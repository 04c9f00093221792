"""Who one person is in the warehouse: their accounts in every org and every value that names them.

A person is found by a selector (an email, case-insensitive; an employee id; or a canonical agent id
from ``marts.dim_agent_account``), then widened the way dbt resolves identity: accounts sharing an
employee id are the same person, and so are the accounts dbt mapped to the same canonical agent (the
override seed included). Every version of the users rows (scd2 history) contributes its names, emails
and employee ids, so an old email is erased too.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

from ..config import ConfigError
from ..sqlrun import columns, literal, rows

SELECTOR_KINDS = ("email", "employee_id", "canonical_agent_id")
RETENTION = "retention-pseudonymize"  # the selector kind of the nightly's pseudonymization


@dataclass(frozen=True)
class Selector:
    kind: str  # one of SELECTOR_KINDS, or RETENTION
    value: str = field(repr=False)

    def __post_init__(self):
        if self.kind not in (*SELECTOR_KINDS, RETENTION):
            raise ConfigError(f"selector kind {self.kind!r} is unknown; use one of {list(SELECTOR_KINDS)}")
        if not self.value or not self.value.strip():
            raise ConfigError(f"--{self.kind.replace('_', '-')} is empty: give the person's {self.kind}")

    @property
    def digest(self) -> str:
        """sha256 of the kind and the normalized value: the audit's reference, never the value."""
        value = self.value.strip().lower() if self.kind == "email" else self.value.strip()
        return hashlib.sha256(f"{self.kind}:{value}".encode()).hexdigest()


@dataclass
class Person:
    """One person's accounts and identifying values, with the pseudonyms that replace them.

    ``accounts``: (org_key, user_id) pairs. ``names``, ``emails``, ``employee_ids``, ``agent_ids``:
    every value seen. Pseudonyms are random (uuid4), kept nowhere: nothing links them back."""

    accounts: set[tuple[str, str]] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    employee_ids: set[str] = field(default_factory=set)
    agent_ids: set[str] = field(default_factory=set)

    @property
    def found(self) -> bool:
        return bool(self.accounts or self.agent_ids)

    def replacements(self) -> dict[str, str | None]:
        """needle (lower-cased) -> what a cell equal to it becomes (None: NULL). One random user id per
        account, one token per person for its employee ids (dbt still joins the accounts into one
        anonymous agent), one per canonical agent id; names and emails become NULL."""
        token = f"erased-{uuid.uuid4()}"
        out: dict[str, str | None] = {}
        for _, user_id in sorted(self.accounts):
            out[user_id.lower()] = f"erased-{uuid.uuid4()}"
        for agent_id in self.agent_ids:
            out[agent_id.lower()] = f"agt_erased_{uuid.uuid4().hex}"
        for employee_id in self.employee_ids:
            out[employee_id.lower()] = token
        for value in self.names | self.emails:
            out[value.lower()] = None
        return {k: v for k, v in out.items() if k.strip()}


def user_schemas(client) -> list[str]:
    """Every org dataset with a users table: ``genesys_<org>`` (dlt's ``_staging`` copies left out;
    they are erased like every table, but only hold what the dataset holds)."""
    return [
        schema
        for (schema,) in rows(
            client,
            "select table_schema from information_schema.tables where table_name = 'users' "
            "and table_schema like 'genesys%' order by 1",
        )
        if not schema.endswith("_staging")
    ]


def _users(client, schema: str, where: str) -> list[tuple]:
    cols = columns(client, schema, "users")
    picks = [c if c in cols else "NULL" for c in ("org_key", "user_id", "name", "email", "employee_id")]
    return rows(client, f'select distinct {", ".join(picks)} from "{schema}"."users" where {where}')


def find_person(client, selector: Selector) -> Person:
    """The person ``selector`` names, from every org's users table (all scd2 versions) and, when it
    exists, ``marts.dim_agent_account``. Raises ConfigError for a canonical agent id without that mart."""
    person = Person()
    value = selector.value.strip()
    has_accounts_mart = bool(columns(client, "marts", "dim_agent_account"))
    if selector.kind == "email":
        person.emails.add(value)
        wheres = [f"lower(trim(email)) = {literal(value.lower())}"]
    elif selector.kind == "employee_id":
        person.employee_ids.add(value)
        wheres = [f"employee_id = {literal(value)}"]
    else:
        if not has_accounts_mart:
            raise ConfigError(
                "--canonical-agent-id needs marts.dim_agent_account, which is not built yet; run the dbt build "
                "first or select the person by --email or --employee-id"
            )
        person.agent_ids.add(value)
        wheres = []
    return widen(client, person, wheres)


def widen(client, person: Person, wheres: list[str] = ()) -> Person:
    """Add every account sharing an employee id or a canonical agent with ``person`` (until no new one
    appears), and every name, email and employee id any version of those accounts carried."""
    schemas = user_schemas(client)
    has_accounts_mart = bool(columns(client, "marts", "dim_agent_account"))
    seen = -1
    while seen != len(person.accounts):
        seen = len(person.accounts)
        if has_accounts_mart and (person.accounts or person.agent_ids):
            _widen_by_agent(client, person)
        keys = [f"user_id = {literal(u)}" for _, u in person.accounts]
        keys += [f"employee_id = {literal(e)}" for e in person.employee_ids]
        for schema in schemas:
            for org_key, user_id, name, email, employee_id in _users(
                client, schema, " or ".join([*wheres, *keys]) or "1=0"
            ):
                person.accounts.add((org_key or schema.removeprefix("genesys_"), user_id))
                person.names.update(v for v in (name,) if v)
                person.emails.update(v for v in (email,) if v)
                person.employee_ids.update(v for v in (employee_id,) if v)
    return person


def _widen_by_agent(client, person: Person) -> None:
    conds = [f"canonical_agent_id = {literal(a)}" for a in person.agent_ids]
    conds += [f"(org_key = {literal(o)} and user_id = {literal(u)})" for o, u in person.accounts]
    for org_key, user_id, agent_id in rows(
        client, f"select org_key, user_id, canonical_agent_id from marts.dim_agent_account where {' or '.join(conds)}"
    ):
        person.accounts.add((org_key, user_id))
        person.agent_ids.add(agent_id)
