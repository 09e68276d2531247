"""A real JupyterHub on this machine: a student logs in and uses the λ explorer of their copy.

The hub runs with ``deploy/jupyterhub_config.py``, overriding only what a test
must: a DummyAuthenticator that lets one student in, the
SimpleLocalProcessSpawner (no Unix accounts needed), random free ports and
temporary folders. The real configurable-http-proxy sits in front, and
everything listens on 127.0.0.1.

The student's notebook folder is a student copy made by
``python -m nnlesson.assignments release notebooks/ --out ...``. In headless
Chromium the student logs in through the hub's login form, lands in
JupyterLab behind ``/user/<name>/``, opens notebook 03, runs every cell and
presses an arrow key on the λ slider: the plot must be redrawn (other PNG
bytes) and the numbers beside it must change.

configurable-http-proxy is taken from the PATH or from ``.ci/node`` (where
``.ci/run`` installs it with npm). Without it, or without Chromium, the test
is skipped, or fails when NNLESSON_REQUIRE_BROWSER=1 (CI).
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import browser_unavailable
from lab_session import PROJECT_ROOT, NotebookPage, _die_with_parent, find_widget_cells, free_port, write_lab_settings

pytestmark = [pytest.mark.browser, pytest.mark.hub]

DEPLOY_CONFIG = PROJECT_ROOT / "deploy" / "jupyterhub_config.py"
LOCAL_PROXY = PROJECT_ROOT / ".ci" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
STUDENT = "ada"
PASSWORD = "any password will do"
NOTEBOOK = "03_cost_and_gradient.ipynb"
EXPLORER = "lambda_explorer"
HUB_START_TIMEOUT = 120  # seconds until the hub answers through the proxy
SPAWN_TIMEOUT = 180  # seconds from the login to JupyterLab shown for the student
STOP_TIMEOUT = 30  # seconds for the hub to stop its servers and the proxy


def configurable_http_proxy():
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    if LOCAL_PROXY.is_file() and os.access(LOCAL_PROXY, os.X_OK):
        return str(LOCAL_PROXY)
    return None


def _descendants(pid):
    import psutil

    try:
        return {child.pid for child in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


def _listening_addresses(pids):
    """``{(pid, name): {ip, ...}}``: the addresses each process listens on (TCP)."""
    import psutil

    found = {}
    for pid in pids:
        try:
            process = psutil.Process(pid)
            addresses = {conn.laddr.ip for conn in process.net_connections(kind="inet")
                         if conn.status == psutil.CONN_LISTEN}  # fmt: skip
        except psutil.NoSuchProcess:
            continue
        if addresses:
            found[(pid, process.name())] = addresses
    return found


class Hub:
    """``jupyterhub`` with the project's config and the test's overrides, in ``workdir``.

    It runs in its own process group. The proxy and each single-user server
    start their own sessions, so :meth:`stop` also ends the process group of
    every descendant it has seen (:meth:`remember_children`).
    """

    def __init__(self, workdir, notebook_dir, proxy):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / "jupyterhub.log"
        self.process = None
        self.children = set()
        self.request = None  # the browser's request context, logged in as the student (set by the test)
        settings = write_lab_settings(self.workdir / "lab-settings")
        singleuser_args = [
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={self.workdir / 'lab-workspaces'}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers run as root
            singleuser_args.append("--ServerApp.allow_root=True")
        environment = {
            "PYTHONPATH": str(PROJECT_ROOT),  # the kernels import the package from this checkout
            "JUPYTER_CONFIG_DIR": str(self.workdir / "jupyter-config"),
            "JUPYTER_RUNTIME_DIR": str(self.workdir / "jupyter-runtime"),
        }
        overrides = f"""
load_subconfig({str(DEPLOY_CONFIG)!r})

# Only for this test: DummyAuthenticator lets {STUDENT} in with any password.
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {{{STUDENT!r}}}
# Only for this test: every user's server runs as the user running the test.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(self.workdir / "home" / "{username}")!r}
c.Spawner.notebook_dir = {str(notebook_dir)!r}
c.Spawner.cmd = [{sys.executable!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {singleuser_args!r}
c.Spawner.environment = dict(c.Spawner.environment, **{environment!r})
c.Spawner.start_timeout = {SPAWN_TIMEOUT}
c.Spawner.http_timeout = {SPAWN_TIMEOUT}

c.JupyterHub.bind_url = {self.url!r}
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {str(self.workdir / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{self.workdir / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(self.workdir / "jupyterhub_cookie_secret")!r}
"""
        self.config = self.workdir / "jupyterhub_config.py"
        self.config.write_text(overrides, encoding="utf-8")
        self.env = dict(os.environ)
        # The proxy runs on node; the hub finds it by the command above.
        self.env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), self.env.get("PATH", "")])

    def start(self):
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(self.config)],
                env=self.env, cwd=self.workdir, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=_die_with_parent,
            )  # fmt: skip
        deadline = time.monotonic() + HUB_START_TIMEOUT
        while not self._answers():
            self.remember_children()
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with code {self.process.returncode}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterHub did not answer within {HUB_START_TIMEOUT} s:\n{self.log_tail()}")
            time.sleep(0.25)
        self.remember_children()
        return self

    def _answers(self):
        """Whether the hub's API answers through the proxy (its root needs no login)."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via an HTTP proxy
        try:
            with opener.open(f"{self.url}/hub/api/", timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def remember_children(self):
        if self.process is not None:
            self.children |= _descendants(self.process.pid)

    def processes(self):
        """The hub and every descendant seen so far that is still running."""
        self.remember_children()
        return {self.process.pid} | self.children

    def stop(self):
        """SIGTERM to the hub (it stops the servers and the proxy), then SIGKILL to every group left."""
        if self.process is None:
            return
        self.remember_children()
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=STOP_TIMEOUT)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        for group in {self.process.pid} | self.children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        self.process.wait()

    def log_tail(self, lines=25):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no hub log)"

    # What NotebookPage needs of a server, for the student's server behind the hub.

    def user_url(self, path=""):
        return f"{self.url}/user/{STUDENT}/{path}"

    def notebook_url(self, name):
        return self.user_url(f"lab/tree/{name}")

    def kernel_ready(self, notebook):
        """Whether ``notebook`` has an idle kernel with a browser connected, asked with the student's cookies."""
        response = self.request.get(self.user_url("api/sessions"))
        assert response.ok, f"GET api/sessions as {STUDENT}: HTTP {response.status}"
        for session in response.json():
            if session["path"] == notebook and session.get("kernel"):
                kernel = session["kernel"]
                return kernel["execution_state"] == "idle" and kernel["connections"] > 0
        return False


@pytest.fixture(scope="module")
def student_copy(tmp_path_factory):
    """The student copy of the series, made by the command an instructor runs."""
    out = tmp_path_factory.mktemp("student-copy") / "release"
    result = subprocess.run(
        [sys.executable, "-m", "nnlesson.assignments", "release", str(PROJECT_ROOT / "notebooks"), "--out", str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / NOTEBOOK).is_file()
    return out


@pytest.fixture(scope="module")
def hub(chromium, student_copy, tmp_path_factory):
    proxy = configurable_http_proxy()
    if proxy is None:
        browser_unavailable(
            "no configurable-http-proxy on the PATH or in .ci/node: "
            "npm install --prefix .ci/node configurable-http-proxy@4 (bash .ci/run does it)"
        )
    server = Hub(tmp_path_factory.mktemp("jupyterhub"), student_copy, proxy)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def student(chromium, hub):
    """A browser context in which the student has logged in through the hub's form."""
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
    context.set_default_timeout(60_000)
    hub.request = context.request
    try:
        page = context.new_page()
        page.goto(f"{hub.url}/hub/login")
        page.locator("input[name=username]").fill(STUDENT)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form input[type=submit], form button[type=submit]").first.click()
        try:
            page.wait_for_url(re.compile(rf"/user/{STUDENT}/lab"), timeout=SPAWN_TIMEOUT * 1000)
            page.locator(".jp-LabShell").wait_for(timeout=SPAWN_TIMEOUT * 1000)
        except Exception as error:
            pytest.fail(f"{STUDENT} did not reach JupyterLab after logging in: {error}\n"
                        f"page at {page.url}\nhub log:\n{hub.log_tail()}", pytrace=False)  # fmt: skip
        hub.remember_children()
        yield context, page
    finally:
        context.close()


@pytest.fixture(scope="module")
def notebook(student, hub):
    context, _ = student
    try:
        opened = NotebookPage.open(context, hub, NOTEBOOK)
    except Exception as error:
        pytest.fail(f"{NOTEBOOK} could not be opened and run behind the hub: {error}\n"
                    f"hub log:\n{hub.log_tail()}", pytrace=False)  # fmt: skip
    hub.remember_children()
    return opened


def test_the_student_copy_of_notebook_03_has_one_lambda_explorer(student_copy):
    cells = [cell for cell in find_widget_cells(student_copy) if cell.notebook == NOTEBOOK]
    assert [cell.explorer for cell in cells].count(EXPLORER) == 1


def test_the_login_lands_in_jupyterlab_behind_the_hub_prefix(student, hub):
    _, page = student
    assert page.url.startswith(hub.user_url("lab"))


def test_the_students_server_refuses_a_browser_that_has_not_logged_in(chromium, hub, student):
    context = chromium.new_context()
    try:
        response = context.request.get(hub.user_url("api/sessions"), max_redirects=0)
        assert response.status in (302, 403), f"HTTP {response.status}"
        if response.status == 302:
            assert "/hub/" in response.headers["location"]
    finally:
        context.close()


def test_notebook_03_runs_every_cell_without_error_behind_the_hub(notebook):
    assert notebook.run_failure == ""


def test_moving_the_lambda_slider_redraws_the_plot_and_the_numbers(notebook, student_copy):
    [cell] = [c for c in find_widget_cells(student_copy) if c.notebook == NOTEBOOK and c.explorer == EXPLORER]
    explorer = notebook.explorer(cell)
    before = explorer.state()
    assert explorer.image_bytes().startswith(b"\x89PNG")
    _, now, high = explorer.slider_position()
    explorer.handle.press("ArrowLeft" if now >= high else "ArrowRight")
    after = explorer.wait_for_redraw(before)
    assert after.readout != before.readout, "the slider did not move"
    assert after.image != before.image, "the plot was not redrawn"
    assert after.numbers != before.numbers, f"the numbers beside the plot did not change: {after.numbers!r}"
    assert notebook.console_errors == []


def test_the_hub_the_proxy_the_server_and_the_kernel_listen_on_127_0_0_1_only(notebook, hub):
    listening = _listening_addresses(hub.processes())
    names = " ".join(name for _, name in listening)
    assert "node" in names, f"the proxy is not among the listening processes: {listening}"
    assert len(listening) >= 3, f"expected the hub, the proxy, the server and a kernel: {listening}"
    assert all(addresses == {"127.0.0.1"} for addresses in listening.values()), listening
