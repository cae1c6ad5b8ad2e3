from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "challenges"

    def ready(self):
        from challenges import segments

        segments.register()  # the groups of a call's people organizers write to
