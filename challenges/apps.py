from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "challenges"

    def ready(self):
        # Imported here: the models and the rules they reach need the app registry.
        from challenges import data_rights, page_versions, segments
        from challenges.models import Challenge
        from innovation_platform.core.header_flags import flag_register
        from innovation_platform.core.permissions import can
        from innovation_platform.live import groups
        from innovation_platform.live.audiences import audience_register

        # Who may follow a challenge live: its public page, and its organizers' pages.
        audience_register(
            "challenge", objects=Challenge.objects.all(), rule="challenges.view_challenge", group=groups.challenge
        )
        audience_register(
            "challenge_organizers",
            objects=Challenge.objects.all(),
            rule="challenges.change_challenge",
            group=groups.challenge_organizers,
        )
        segments.register()  # the groups of a call's people organizers write to
        data_rights.register()  # the calls' part of a person's copy of their data, and its erasure
        page_versions.register()  # the public pages that show the call
        # The header's "Console", for people who organise something.
        flag_register("uses_console", lambda user: can(user, "challenges.use_console"))
