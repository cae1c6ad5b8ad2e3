from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "judging"

    def ready(self):
        from innovation_platform.core.header_flags import flag_register
        from innovation_platform.live import groups
        from innovation_platform.live.audiences import audience_register
        from judging import data_rights, segments
        from judging.models import JurorStatus, Round
        from judging.selectors.call_list import REVIEW_PROGRESS, proposal_reviews_panel
        from judging.selectors.feedback import team_feedback_panel
        from judging.selectors.rounds import blind_round_hides_teams
        from proposals.selectors.console import contribute
        from proposals.selectors.panels import ORGANIZERS, TEAM, panel_contribute
        from proposals.selectors.visibility import teams_hidden_register

        contribute(REVIEW_PROGRESS)
        panel_contribute(team_feedback_panel, page=TEAM)  # the jurors' released feedback, for the team
        panel_contribute(proposal_reviews_panel, page=ORGANIZERS)  # every review, for the organizers
        teams_hidden_register(blind_round_hides_teams)  # no team names on public pages during such a round
        segments.register()  # the groups of a call's people organizers write to
        data_rights.register()  # the jury's part of a person's copy of their data, and its erasure
        # The header's link to their reviews, for people who sit on a jury.
        flag_register("has_jury_seat", lambda user: user.jury_seats.filter(status=JurorStatus.ACTIVE).exists())

        # Who may follow a round's judging console live (its rule reads the round's challenge).
        audience_register(
            "round_console",
            objects=Round.objects.select_related("challenge"),
            rule="judging.view_progress",
            group=groups.round_console,
        )
