"""JupyterHub for a class that works through nnlesson, on one machine.

Every student logs in with their own Unix account and gets their own
JupyterLab, started as that user. Everything listens on 127.0.0.1 only: put
a TLS-terminating reverse proxy (nginx, Caddy) in front of port 8000 to let
students in from other machines, and keep authentication on. docs/classroom.md
walks through the set-up; on Kubernetes use Zero to JupyterHub (same
document) instead of this file.

Run it as root (the hub starts each student's server as that student):

    jupyterhub -f deploy/jupyterhub_config.py

It needs, besides JupyterHub (``pip install -e ".[hub]"``), the
``configurable-http-proxy`` command (``npm install -g configurable-http-proxy``)
on the PATH, and nnlesson with its ``lab`` extra importable by every student.

tests/browser/test_jupyterhub.py starts a hub with this file, replacing only
what a test must: the authenticator (a DummyAuthenticator), the spawner (one
that needs no Unix accounts), the ports and the folders.
"""

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

# --- network: loopback only -------------------------------------------------
c.JupyterHub.bind_url = "http://127.0.0.1:8000"  # what students' browsers reach (via your TLS proxy)
c.JupyterHub.hub_bind_url = "http://127.0.0.1:8081"  # the hub's own API, for the proxy and the servers
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8001"  # the proxy's REST API, for the hub only
c.Spawner.ip = "127.0.0.1"  # each student's server
c.Spawner.port = 0  # a random free port per server

# --- state ------------------------------------------------------------------
c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "/srv/jupyterhub/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = "/srv/jupyterhub/jupyterhub-proxy.pid"

# --- who may log in ---------------------------------------------------------
# PAM checks the machine's own user names and passwords. For a class, an
# OAuth login (GitHub, Google, your LMS through LTI: the oauthenticator and
# ltiauthenticator packages) is usually nicer. Never use DummyAuthenticator
# outside a test: it lets anyone in.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set()  # the students' user names, e.g. {"ada", "bob"}
c.Authenticator.admin_users = set()  # the instructor's user name

# --- each student's server ----------------------------------------------------
# LocalProcessSpawner runs `jupyterhub-singleuser` as the student's Unix user
# in their home directory. The student opens JupyterLab on their copy of the
# notebooks: put the copies made by
#     python -m nnlesson.assignments release notebooks/ --out release/
# (or fetched with `nbgrader fetch_assignment`) into each home directory.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
# The widgets draw their plots with matplotlib's Agg backend, no display needed.
c.Spawner.environment = {"MPLBACKEND": "Agg"}

# --- grading ----------------------------------------------------------------
# nbgrader's exchange is a folder every student's server can write to:
#     install -d -m 1777 /srv/nbgrader/exchange
# The students' servers find it through /etc/jupyter/nbgrader_config.py:
#     c = get_config()
#     c.Exchange.root = "/srv/nbgrader/exchange"
#     c.CourseDirectory.course_id = "nnlesson"
# and the instructor grades with deploy/nbgrader_config.py (see docs/classroom.md).
