"""The pytest plugin, as a user's project sees it: a pytest run of its own per test here.

Each run loads the plugin by name with plugin autoloading off, so these
tests mean the same whether or not the ``pytest11`` entry point is
installed in this environment.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest_plugins = ["pytester"]

PLUGINS = ["-p", "claude_3_sonnet.testing.plugin", "-p", "anyio.pytest_plugin"]


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.delenv("AIMLAPI_API_KEY", raising=False)
    monkeypatch.delenv("AIMLAPI_BASE_URL", raising=False)
    return pytester


def test_every_fixture_in_a_users_project(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_app=textwrap.dedent(
            """
            import os

            import pytest

            from claude_3_sonnet import Claude3Sonnet


            def test_socket_mock(aiml_mock, aiml_client):
                assert aiml_client.base_url == aiml_mock.base_url
                assert aiml_mock.api_key == "mock-key"
                aiml_mock.script.reply("Scripted")
                assert aiml_client.ask("Hi") == "Scripted"
                assert aiml_client.ask("Hi") == "You said: Hi"
                assert [r.user_text for r in aiml_mock.requests] == ["Hi", "Hi"]
                aiml_mock.assert_all_valid()


            def test_env(aiml_env):
                assert os.environ["AIMLAPI_BASE_URL"] == aiml_env.base_url
                aiml_env.script.reply("From the environment")
                with Claude3Sonnet() as client:
                    assert client.ask("x") == "From the environment"


            @pytest.mark.anyio
            async def test_async(aiml_mock, aiml_async_client):
                aiml_mock.script.reply("async")
                assert await aiml_async_client.ask("x") == "async"


            def test_inprocess(aiml_inprocess, aiml_inprocess_client):
                aiml_inprocess.script.error(429, times=1).reply("after a retry")
                assert aiml_inprocess_client.ask("x") == "after a retry"
                assert [r.status for r in aiml_inprocess.requests] == [429, 201]


            @pytest.mark.anyio
            async def test_inprocess_async(aiml_inprocess, aiml_inprocess_async_client):
                assert await aiml_inprocess_async_client.ask("x") == "You said: x"
            """
        )
    )
    result = pytester.runpytest(*PLUGINS, "-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)


def test_each_test_starts_clean_on_a_shared_server(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_isolation=textwrap.dedent(
            """
            import pytest

            from claude_3_sonnet.mock import MockConfig

            URLS = []


            def test_leaves_a_mess(aiml_mock, aiml_client):
                URLS.append(aiml_mock.base_url)
                aiml_client.ask("x")
                aiml_mock.script.reply("never used").error(500, times=3)


            def test_sees_none_of_it(aiml_mock, aiml_client):
                URLS.append(aiml_mock.base_url)
                assert aiml_mock.requests == []
                assert aiml_mock.script.pending == 0
                assert aiml_client.ask("x") == "You said: x"


            def test_survives_a_stopped_server(aiml_mock):
                aiml_mock.stop()


            def test_gets_a_running_one(aiml_mock, aiml_client):
                assert aiml_client.ask("x") == "You said: x"


            class TestOtherSettings:
                @pytest.fixture
                def aiml_mock_config(self):
                    return MockConfig(api_key="another-test-key")

                def test_a_server_of_its_own(self, aiml_mock, aiml_client):
                    URLS.append(aiml_mock.base_url)
                    assert aiml_client.api_key == "another-test-key"
                    assert aiml_client.ask("x") == "You said: x"


            def test_servers_were_shared_per_config():
                assert URLS[0] == URLS[1] != URLS[2]
            """
        )
    )
    result = pytester.runpytest(*PLUGINS, "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6)


def test_without_the_mock_extra_the_plugin_loads_and_says_what_is_missing(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_app=textwrap.dedent(
            """
            def test_unrelated():
                assert True


            def test_needs_the_mock(aiml_mock):
                pass
            """
        )
    )
    blocked = (
        "import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None; "
        "import pytest; "
        "raise SystemExit(pytest.main(['-p', 'claude_3_sonnet.testing.plugin', "
        "'-p', 'no:cacheprovider', '-q', 'test_app.py']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", blocked],
        cwd=pytester.path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed, 1 error" in done.stdout  # the fixture fails in setup
    assert "fixtures need the mock extra: pip install 'claude-3-sonnet[mock]'" in done.stdout
    assert "Traceback" not in done.stdout


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    code = (
        "import sys; import claude_3_sonnet.testing.plugin; "
        "heavy = [m for m in ('starlette', 'uvicorn', 'claude_3_sonnet.mock', 'schemathesis', "
        "'hypothesis') if m in sys.modules]; assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
