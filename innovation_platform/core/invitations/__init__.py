"""What the platform's invitations share; each app keeps what accepting one grants."""
