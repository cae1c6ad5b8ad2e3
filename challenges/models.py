"""Open calls and events: phases, deadlines, questions, schedule, announcements (to come)."""
