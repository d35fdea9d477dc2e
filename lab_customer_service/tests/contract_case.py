from contextlib import contextmanager

from .common import LabCase


class ContractCase(LabCase):
    """LabCase with a refusal check that also rolls back what the refused call wrote."""

    @contextmanager
    def assertRefused(self, exception, text):
        # Odoo's assertRaises rolls back to a savepoint; unittest's assertRaisesRegex does not.
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))
