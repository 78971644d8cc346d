"""PLACEHOLDER: the participation work implements email_answer_once()."""


def email_answer_once(citizen_request) -> None:
    """Email the answer to the citizen if the request is answered and carries an address (once)."""
