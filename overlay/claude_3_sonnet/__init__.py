"""Claude 3 Sonnet on the AI/ML API gateway: the client people use."""
