"""Drive a real JupyterLab in headless Chromium: start a server, run a notebook, poke its widgets.

Three pieces, used by ``test_explorers_in_lab.py`` (and, behind a JupyterHub,
by ``test_jupyterhub.py``):

- :func:`find_widget_cells` reads the notebooks (no browser needed) and lists
  every cell that displays an explorer;
- :class:`LabServer` runs ``python -m jupyterlab`` from this environment on a
  temporary copy of the notebooks, on 127.0.0.1 with a random token, and stops
  it (its whole process group, kernels included) by process id;
- :class:`NotebookPage` opens one notebook in a browser page, runs all cells,
  waits for the kernel to be idle and gives access to each explorer's slider,
  plot image and readout.
"""

import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = PROJECT_ROOT / "notebooks"
#: Cells with this tag display a widget (and only those carry it).
WIDGET_TAG = "nbval-ignore-output"
#: An explorer call such as ``nl.widgets.lambda_explorer(...)``; not the ``*_static`` twins.
EXPLORER_CALL = re.compile(r"\b(\w+_explorer)\s*\(")
#: Text shown in place of a widget that cannot be displayed: ipywidgets' Lab
#: manager's messages, and Lab's own for an output whose JavaScript failed.
WIDGET_ERROR_TEXTS = ("Error displaying widget", "model not found", "Click to show javascript error")

#: What Lab's pop-ups about the outside world say: the question it asks on a first
#: start unless told whether to fetch news ("Would you like to get notified about
#: official Jupyter news?"; "... to receive official Jupyter news?" in Lab 4.0),
#: and the update notice ("A newer version (4.x) of JupyterLab is available.").
ANNOUNCEMENT_TEXTS = ("official Jupyter news", "of JupyterLab is available")
#: One toast notification (react-toastify's element, which Lab's toasts use).
TOAST = ".Toastify__toast"

SERVER_START_TIMEOUT = 90  # seconds
RUN_ALL_TIMEOUT = 300  # seconds, for every cell of one notebook on a busy machine
RUN_ALL_START_TIMEOUT = 10  # seconds between "Run All Cells" and the first cell starting
RUN_ALL_ATTEMPTS = 3
REDRAW_TIMEOUT = 30  # seconds, for one slider move to come back as a new plot

# The series' own overrides of Lab's default settings (no news question, no
# update check), given to the test server the way `make lab` gives them to Lab.
LAB_APP_SETTINGS = PROJECT_ROOT / "jupyter" / "lab" / "settings"
# The test server's user settings on top: every cell attached to the page (no
# virtual scrolling), so that each widget is in the DOM after "Run All Cells".
LAB_USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


@dataclass(frozen=True)
class WidgetCell:
    """One notebook cell that displays an explorer."""

    notebook: str  # file name inside the notebooks directory
    cell_index: int  # 0-based, counting every cell (markdown included)
    explorer: str  # the function called, e.g. "lambda_explorer"
    ordinal: int  # 1 for the first call of this explorer in the notebook, then 2, ...

    @property
    def slug(self):
        suffix = "" if self.ordinal == 1 else f"-{self.ordinal}"
        return f"{Path(self.notebook).stem}-{self.explorer}{suffix}"

    def __str__(self):
        return self.slug


def find_widget_cells(notebooks_dir):
    """Every widget cell of every notebook in ``notebooks_dir``, in reading order."""
    found = []
    for path in sorted(Path(notebooks_dir).glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        seen = {}
        for index, cell in enumerate(cells):
            if cell["cell_type"] != "code" or WIDGET_TAG not in cell.get("metadata", {}).get("tags", []):
                continue
            source = "".join(cell["source"])
            for explorer in EXPLORER_CALL.findall(source):
                seen[explorer] = seen.get(explorer, 0) + 1
                found.append(WidgetCell(path.name, index, explorer, seen[explorer]))
    return found


def copy_notebooks_without_outputs(source_dir, target_dir):
    """Copy the notebooks directory; the copies start with no outputs and no execution counts."""
    shutil.copytree(source_dir, target_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for path in Path(target_dir).glob("*.ipynb"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"] = []
                cell["execution_count"] = None
        notebook.get("metadata", {}).pop("widgets", None)
        path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def write_lab_settings(settings_dir):
    """Write :data:`LAB_USER_SETTINGS` as Lab user settings into ``settings_dir``; returns the folder."""
    for plugin, values in LAB_USER_SETTINGS.items():
        path = Path(settings_dir) / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    return Path(settings_dir)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent():
    """On Linux, have the server terminated if the test process dies before stopping it."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class LabServer:
    """``python -m jupyterlab`` on 127.0.0.1, a free port and a random token, in ``workdir``.

    ``workdir`` receives the notebooks' copy, Lab's user settings, and Jupyter's
    config and runtime directories, so that the server neither reads nor writes
    anything of the user's. Lab's default settings are overridden from
    ``app_settings_dir`` (``overrides.json`` there), as ``make lab`` does. The
    server runs in its own process group (with the kernels it starts) and
    :meth:`stop` ends that group by the server's pid.
    """

    def __init__(self, notebooks_dir, workdir, pythonpath=None, app_settings_dir=LAB_APP_SETTINGS):
        self.workdir = Path(workdir)
        self.root_dir = self.workdir / "notebooks"
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / "jupyterlab.log"
        self.process = None
        copy_notebooks_without_outputs(notebooks_dir, self.root_dir)
        settings_dir = write_lab_settings(self.workdir / "lab-settings")
        self.command = [
            sys.executable, "-m", "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--LabApp.app_settings_dir={app_settings_dir}",
            f"--LabApp.user_settings_dir={settings_dir}",
            f"--LabApp.workspaces_dir={self.workdir / 'lab-workspaces'}",
            # Never a request to the internet from a test, whatever the settings say;
            # the news question is the front end's and these do not hide it.
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers run as root
            self.command.append("--ServerApp.allow_root=True")
        self.env = dict(os.environ)
        self.env["JUPYTER_CONFIG_DIR"] = str(self.workdir / "jupyter-config")
        self.env["JUPYTER_RUNTIME_DIR"] = str(self.workdir / "jupyter-runtime")
        if pythonpath:  # the kernels import the package from this checkout
            self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), self.env.get("PYTHONPATH")]))

    def start(self):
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                self.command, env=self.env, cwd=self.workdir, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent,
            )  # fmt: skip
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not self._answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.process.returncode}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n{self.log_tail()}")
            time.sleep(0.25)
        return self

    def _get(self, path):
        request = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"token {self.token}"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
        with opener.open(request, timeout=5) as response:
            return json.loads(response.read())

    def _answers(self):
        try:
            self._get("/api/status")
            return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def plugin_settings(self, plugin):
        """Lab's settings for ``plugin`` as the server sends them: the schema (defaults overridden) and the user's."""
        return self._get(f"/lab/api/settings/{plugin}")

    def kernel_ready(self, notebook):
        """Whether ``notebook`` has a kernel that is idle with a browser connected to it."""
        for session in self._get("/api/sessions"):
            if session["path"] == notebook and session.get("kernel"):
                kernel = session["kernel"]
                return kernel["execution_state"] == "idle" and kernel["connections"] > 0
        return False

    def stop(self):
        """SIGTERM to the server's process group, SIGKILL to whatever is left of it."""
        if self.process is None:
            return
        group = self.process.pid  # start_new_session made the server its group's leader
        try:
            os.killpg(group, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)  # kernels that outlived the server
        self.process.wait()

    def log_tail(self, lines=15):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def notebook_url(self, name):
        return f"{self.url}/lab/tree/{name}?token={self.token}"

    def lab_url(self):
        return f"{self.url}/lab?token={self.token}"


def announcement_toasts(page):
    """The text of every toast on ``page`` that asks about Jupyter news or announces an update."""
    return [text for text in page.locator(TOAST).all_inner_texts() if any(t in text for t in ANNOUNCEMENT_TEXTS)]


# Executed in the page: the notebook's code-cell prompts and the kernel status.
_RUN_STATE_JS = """() => {
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
        .map(p => p.textContent.trim());
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    return {prompts, status: indicator ? indicator.dataset.status : null};
}"""

# Executed in the page: whether any code cell is running or has run.
_ANY_CELL_STARTED_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
    .some(p => /[*0-9]/.test(p.textContent))"""

# Executed in the page: the bytes of an <img> (a blob: or data: URL), base64-encoded.
_IMAGE_BYTES_JS = """async (img) => {
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
        text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
}"""


@dataclass
class NotebookPage:
    """One notebook, open in its own browser page, after "Run All Cells"."""

    page: object
    notebook: str
    console_errors: list = field(default_factory=list)
    run_failure: str = ""

    @classmethod
    def open(cls, context, server, notebook):
        page = context.new_page()
        opened = cls(page, notebook)
        page.on("console", lambda message: message.type == "error" and opened.console_errors.append(message.text))
        page.on("pageerror", lambda error: opened.console_errors.append(f"uncaught: {error}"))
        page.goto(server.notebook_url(notebook))
        opened._run_all_cells(server)
        return opened

    def _run_all_cells(self, server):
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

        page = self.page
        page.locator(".jp-Notebook .jp-Cell").first.wait_for()
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not server.kernel_ready(self.notebook):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.notebook}: no idle, connected kernel after {SERVER_START_TIMEOUT} s")
            page.wait_for_timeout(250)
        # Lab can take a moment between the kernel's connection and its session
        # being ready to execute; a "Run All" in that moment runs nothing, so
        # it is repeated until some cell has started.
        for _ in range(RUN_ALL_ATTEMPTS):
            page.locator(".jp-Notebook .jp-Cell").first.click()  # make the notebook the current widget
            page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-item[data-command='runmenu:run-all']:not(.lm-mod-disabled)").click()
            try:
                page.wait_for_function(_ANY_CELL_STARTED_JS, timeout=RUN_ALL_START_TIMEOUT * 1000)
                break
            except PlaywrightTimeoutError:
                continue
        else:
            raise TimeoutError(f"{self.notebook}: no cell started after {RUN_ALL_ATTEMPTS} times Run > Run All Cells")
        deadline = time.monotonic() + RUN_ALL_TIMEOUT
        while True:
            state = page.evaluate(_RUN_STATE_JS)
            pending = [p for p in state["prompts"] if "*" in p]
            finished = [p for p in state["prompts"] if re.search(r"\d", p)]
            if state["status"] == "idle" and not pending and (finished or self.error_outputs()):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.notebook}: cells still running after {RUN_ALL_TIMEOUT} s: {state}")
            page.wait_for_timeout(250)
        unrun = sum(not re.search(r"\d", p) for p in state["prompts"])
        errors = self.error_outputs()
        if unrun or errors:
            self.run_failure = (
                f"{unrun} of {len(state['prompts'])} code cells did not run; error output:\n" + "\n".join(errors)
            )

    def error_outputs(self):
        """Text of every traceback or stderr output in the notebook."""
        return self.page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        ).all_inner_texts()

    def wait_until_idle(self):
        self.page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=REDRAW_TIMEOUT * 1000)

    def explorer(self, cell):
        """The explorer displayed by ``cell``; AssertionError if its output holds no slider."""
        outputs = self.page.locator(".jp-Notebook .jp-Cell").nth(cell.cell_index).locator(".jp-OutputArea-output")
        with_slider = outputs.filter(has=self.page.locator(".widget-slider"))
        if with_slider.count() != 1:
            shown = " | ".join(outputs.all_inner_texts()).strip() or "nothing"
            raise AssertionError(f"{cell}: expected one slider in the output of cell {cell.cell_index}, "
                                 f"found {with_slider.count()}; the output shows: {shown}")  # fmt: skip
        return Explorer(self, with_slider)

    def log_console(self):
        """What Lab's log console holds ('' if nothing): tracebacks from widget callbacks land there.

        The console is opened from its status-bar item the first time it
        counts a message; from then on it stays open and is read directly.
        """
        panel = self.page.locator(".jp-LogConsolePanel")
        if not panel.count():
            item = self.page.locator(".jp-LogConsoleStatusItem")
            if not item.count() or not re.search(r"[1-9]", item.inner_text()):
                return ""
            item.click()
            panel.wait_for()
        placeholder = panel.locator(".jp-LogConsoleListPlaceholder")
        if placeholder.count() and placeholder.is_visible():
            return ""
        return "\n".join(panel.locator(".jp-OutputArea").all_inner_texts()).strip()

    def widget_error_texts(self):
        text = self.page.locator(".jp-Notebook").inner_text()
        return [phrase for phrase in WIDGET_ERROR_TEXTS if phrase in text]


@dataclass
class Explorer:
    """Locators for one explorer: its slider, the plot image and the numbers beside it."""

    notebook_page: NotebookPage
    output: object

    @property
    def slider(self):
        return self.output.locator(".widget-slider").first

    @property
    def handle(self):
        return self.slider.locator(".noUi-handle")

    @property
    def slider_readout(self):
        return self.slider.locator(".widget-readout")

    @property
    def image(self):
        return self.output.locator("img.widget-image").first

    def image_bytes(self):
        return base64.b64decode(self.image.evaluate(_IMAGE_BYTES_JS))

    @property
    def numbers(self):
        return self.output.locator(".widget-html-content")

    def state(self):
        """What a reader sees: the slider's readout, the plot's bytes and the numbers."""
        return ExplorerState(
            readout=self.slider_readout.inner_text().strip(),
            image_src=self.image.get_attribute("src"),
            image=hashlib.sha256(self.image_bytes()).hexdigest(),
            numbers="\n".join(self.numbers.all_inner_texts()),
        )

    def wait_for_redraw(self, before):
        """Wait until the plot and the numbers have been replaced, then until the kernel is idle."""
        deadline = time.monotonic() + REDRAW_TIMEOUT
        while self.image.get_attribute("src") == before.image_src or self.numbers_text() == before.numbers:
            if time.monotonic() > deadline:
                break  # the caller's assertions say what did not change
            self.notebook_page.page.wait_for_timeout(100)
        self.notebook_page.wait_until_idle()
        return self.state()

    def numbers_text(self):
        return "\n".join(self.numbers.all_inner_texts())

    def slider_position(self):
        """``(min, value, max)`` in the slider's own coordinates (exponents for a log slider)."""
        values = [self.handle.get_attribute(f"aria-value{key}") for key in ("min", "now", "max")]
        return tuple(float(v) for v in values)

    def value_to_type(self):
        """A value inside the slider's range, away from the current one, as a reader would type it.

        The handle's aria values are the slider's positions; a log slider
        (``FloatLogSlider``) shows ``10**position`` in its readout, so the
        typed value is converted the same way.
        """
        low, now, high = self.slider_position()
        target = low + (0.25 if now > (low + high) / 2 else 0.75) * (high - low)
        shown_text = self.slider_readout.inner_text().strip()
        shown = float(shown_text)
        if shown > 0 and abs(shown - 10.0**now) < abs(shown - now):  # a log slider
            return f"{10.0 ** round(target):g}"
        if re.fullmatch(r"-?\d+", shown_text):  # an integer slider
            return str(round(target))
        return f"{target:.6g}"


@dataclass(frozen=True)
class ExplorerState:
    readout: str  # the slider's own readout
    image_src: str  # the <img>'s src (a new blob: URL on every update, even an identical one)
    image: str  # SHA-256 of the PNG shown
    numbers: str  # the text of the HTML readout beside the plot
