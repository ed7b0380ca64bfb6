"""A script written for the openai SDK, run through this client.

Only two lines differ from the openai version: the import and the
constructor (marked ``# was:``). Everything else is how openai users write
a tool round trip and a streamed answer: a system message, a function tool,
``tool_choice="auto"``, the assistant message appended as it came back,
``role: tool`` results, ``stream_options={"include_usage": True}``, and a
base URL ending in ``/v1``. ``tests/test_openai_habits.py`` runs it against
the bundled mock.
"""

import json
import os

from claude_3_sonnet import Claude3Sonnet  # was: from openai import OpenAI

client = Claude3Sonnet(  # was: client = OpenAI(
    base_url=os.environ.get("AIMLAPI_BASE_URL", "https://api.aimlapi.com") + "/v1",
    api_key=os.environ["AIMLAPI_API_KEY"],
)


def get_weather(city):
    return f"18 C and sunny in {city}"


tools = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather for a city.",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
]
messages = [
    {"role": "system", "content": "You are a helpful weather assistant."},
    {"role": "user", "content": "What's the weather in Paris?"},
]

response = client.chat.completions.create(
    model="claude-3-sonnet-latest", messages=messages, tools=tools, tool_choice="auto"
)
message = response.choices[0].message
messages.append(message)
for tool_call in message.tool_calls or []:
    args = json.loads(tool_call.function.arguments)
    print(f"[calling {tool_call.function.name}({args})]")
    messages.append({"role": "tool", "tool_call_id": tool_call.id, "content": get_weather(**args)})

stream = client.chat.completions.create(
    model="claude-3-sonnet-latest",
    messages=messages,
    stream=True,
    stream_options={"include_usage": True},
)
for chunk in stream:
    if chunk.choices:
        print(chunk.choices[0].delta.content or "", end="")
    if chunk.usage:
        print(f"\n[{chunk.usage.total_tokens} tokens]")
