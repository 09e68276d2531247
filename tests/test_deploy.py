"""The deployment files in deploy/ load as configuration and keep the class safe.

The hub itself is started by tests/browser/test_jupyterhub.py and the nbgrader
cycle run by tests/test_nbgrader_cycle.py; these tests only read the files,
so they also run where JupyterHub or a browser is missing.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from traitlets.config.loader import PyFileConfigLoader

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
# Every address in the hub config that something listens on.
LISTENING = [("JupyterHub", "bind_url"), ("JupyterHub", "hub_bind_url"), ("ConfigurableHTTPProxy", "api_url")]


def load(name):
    return PyFileConfigLoader(name, path=str(DEPLOY)).load_config()


@pytest.fixture(scope="module")
def hub_config():
    return load("jupyterhub_config.py")


@pytest.mark.parametrize(("section", "key"), LISTENING)
def test_the_hub_listens_on_127_0_0_1(hub_config, section, key):
    assert urlsplit(hub_config[section][key]).hostname == "127.0.0.1"


def test_each_students_server_listens_on_127_0_0_1(hub_config):
    assert hub_config.Spawner.ip == "127.0.0.1"


def test_the_hub_uses_a_real_authenticator_and_lets_nobody_in_until_told(hub_config):
    assert hub_config.JupyterHub.authenticator_class not in ("dummy", "null", "jupyterhub.auth.DummyAuthenticator")
    assert hub_config.Authenticator.allowed_users == set()
    assert "allow_all" not in hub_config.Authenticator


def test_the_hub_starts_each_students_server_as_that_student(hub_config):
    assert hub_config.JupyterHub.spawner_class == "localprocess"


def test_the_nbgrader_config_gives_course_exchange_and_a_timeout():
    config = load("nbgrader_config.py")
    assert config.CourseDirectory.course_id == "nnlesson"
    assert config.Exchange.root and config.CourseDirectory.root
    assert config.Execute.timeout >= 60


def test_students_and_instructor_name_the_same_exchange():
    exchange = load("nbgrader_config.py").Exchange.root
    hub_file = (DEPLOY / "jupyterhub_config.py").read_text(encoding="utf-8")
    assert f'c.Exchange.root = "{exchange}"' in hub_file
