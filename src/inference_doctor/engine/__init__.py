"""The engine: what was seen on the wire in, a `Diagnosis` from the scenario catalog out. Pure: no I/O, no SDK.

The flow, for one failed response::

    read/      the wire data read into `Signals` (read/signals.py `collect`), one module per thing read
      -> rules/    the rules by family, each `Signals` -> `Choice | None` (an id, a confidence, the alternatives)
      -> match.py  the precedence: `_choose` runs the rules in the catalog's order, the first that concludes wins;
                   `diagnose_signals` fills the catalog entry with the evidence into a `Diagnosis`

And for a credential that could not get a token (no request, no response: status 0)::

    read/credential.py  the credential's exception or message read into `CredentialText` (the chain, AADSTS codes)
      -> rules/acquisition.py  `acquisition_choice`: `CredentialText` -> `Choice | None`
      -> match.py  `diagnose_credential_failure` fills the catalog entry (evidence.py `acquisition_*`)

The map:

    diagnosis.py  `Diagnosis` (the result) and the closed set of ids: `SCENARIO_IDS`, the `ScenarioId` Literal
    record.py     frozen dataclasses written out by hand (`Diagnosis`, `Scenario`: the `dataclasses` attributes
                  made on first use) and `Record`, the internal records' base: no `dataclasses` import at start-up
    regex.py      `lazy`: patterns compiled on first use, and gated by words every match contains (`needs`)
    errors.py     `RemediationError`, the SDK-free base of every enriched exception; `find_diagnosis`, which
                  finds one in an exception's chain, groups and retry wrappers
    render.py     `render_text`: a diagnosis as compiler-style text (`Diagnosis.render` calls it)
    phrases.py    the service's own words the rules key on, by name, and the status each implies
    scrub.py      the one scrubber: secrets by value (what the request carried as a credential, any
                  12-character piece of it) and by shape (tokens, keys, signatures), applied to every field of a
                  `Diagnosis` as it is built, to the CLI's output and to log records; `scrub_credential` for a
                  credential message's labelled secrets and user names
    failsafe.py   `log_failure`: an internal failure logged at DEBUG without the input
    read/         url.py (host and route shape), auth.py (key shape, JWT claims), body.py (error bodies),
                  text.py (pasted and wrapped errors), headers.py (client, request ids), signals.py (`Signals`,
                  `collect`: all of them together), credential.py (a credential's failure: its chain, codes, the
                  tenant, application and scope it names, and what an exception says about itself)
    rules/        choice.py (`Choice`), audience.py (accepted token audiences), credential.py (token and key
                  rules), gateway.py (a gateway in front), network.py (network 403s), route.py (path rules),
                  api_version.py (api-version knowledge and rule), acquisition.py (token acquisition: AADSTS
                  codes and the credentials' sentences)
    catalog/      the scenarios as data: entry.py (`Scenario`), links.py (shared docs links), one module per
                  family of the Literal (identity, credential, route, network, unclassified, acquisition); `SCENARIOS`,
                  `get_scenario` and `scenario` in catalog/__init__.py
    evidence.py   the evidence a diagnosis shows, and the fields the catalog's templates are filled with
    match.py      `diagnose`, `diagnose_text`, `diagnose_signals`, `diagnose_credential_failure`: the entry points,
                  and the precedence

CONTRIBUTING.md (at the repository's root) says which of these files a new scenario touches.
"""
