"""A weather assistant: the kind of application the claude-3-sonnet testing kit is for."""

from .assistant import SYSTEM, WeatherAssistant, answer_async, get_weather

__all__ = ["SYSTEM", "WeatherAssistant", "answer_async", "get_weather"]
