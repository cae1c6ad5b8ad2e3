"""A mail server that refuses one address the first time: what a delivery must survive."""

from smtplib import SMTPRecipientsRefused

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    refuse_once: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            refused = self.refuse_once.intersection(message.to)
            if refused:
                self.refuse_once.difference_update(refused)
                raise SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"try later")))
        return super().send_messages(messages)
