"""Pure extraction, one module per thing read: url, auth, body, text (pasted errors), headers; `signals`
gathers them into one `Signals` record per response (`collect`)."""
