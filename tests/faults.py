"""Failing networks for the fault tests: a server that accepts connections and never answers, a TCP proxy that
the test puts between the app and a real service and cuts, stalls and restores, and a private network namespace in
which the network itself can fall silent. Everything listens on 127.0.0.1 (or a Unix socket) only."""

import shutil
import socket
import subprocess
import threading


class SilentServer:
    """Accepts connections and never sends a byte: a service that hangs."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)  # so that the accepting thread sees the end promptly
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while not self.stopped.is_set():
            try:
                connection, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(connection)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join(timeout=5)
        self.listener.close()
        for connection in self.connections:
            connection.close()


class TcpProxy:
    """Forwards 127.0.0.1:<port> (or the Unix socket ``listen_path``) to an upstream address: a host and port, or a
    Unix socket's path when no port is given. ``cut()`` drops every open connection and makes new ones hang
    unanswered (a database host that vanished from the network); ``stall()`` keeps every connection open but
    forwards nothing more in either direction, and holds new ones unanswered (a frozen host); ``restore()`` forwards
    again.

    A stalled proxy's own operating system still acknowledges what it receives, so a client's TCP cannot tell it
    from a slow server; to stall a network as well, run the proxy and its client in a private network namespace
    (``PrivateNetwork``) and call ``silence_loopback()`` there."""

    def __init__(self, upstream_host, upstream_port=None, *, listen_path=None):
        self.upstream = upstream_host if upstream_port is None else (upstream_host, upstream_port)
        if listen_path is None:
            self.listener = socket.create_server(("127.0.0.1", 0))
            self.port = self.listener.getsockname()[1]
        else:
            self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.listener.bind(str(listen_path))
            self.listener.listen()
            self.port = None
        self.lock = threading.Lock()
        self.forwarding = True
        self.flowing = threading.Event()
        self.flowing.set()
        self.open_sockets = set()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.flowing.set()  # lets stalled pumps see their sockets closed and end
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (closing alone does not)
        except OSError:
            pass
        self.listener.close()
        self.thread.join(timeout=5)
        self._drop_all()

    def cut(self):
        with self.lock:
            self.forwarding = False
        self._drop_all()

    def stall(self):
        with self.lock:
            self.forwarding = False
            self.flowing.clear()

    def restore(self):
        with self.lock:
            self.forwarding = True
            self.flowing.set()

    def _connect_upstream(self):
        if isinstance(self.upstream, tuple):
            return socket.create_connection(self.upstream, timeout=5)
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        upstream.settimeout(5)
        upstream.connect(self.upstream)
        return upstream

    def _drop_all(self):
        with self.lock:
            sockets, self.open_sockets = self.open_sockets, set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            with self.lock:
                forwarding = self.forwarding
                self.open_sockets.add(client)
            if not forwarding:
                continue  # held open, never answered, dropped at the next cut or at the end
            try:
                upstream = self._connect_upstream()
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.open_sockets.add(upstream)
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                self.flowing.wait()  # stalled: what arrived is held, never forwarded
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class PrivateNetwork:
    """Runs a command in a network namespace of its own (``unshare --user --net``, no privileges needed where the
    system allows user namespaces), where only its loopback interface exists and ``silence_loopback()`` can drop
    every packet without touching the machine's network. It reaches services outside through Unix sockets."""

    @staticmethod
    def available():
        if shutil.which("unshare") is None or shutil.which("ip") is None or shutil.which("tc") is None:
            return False
        probe = subprocess.run(
            ["unshare", "--user", "--map-root-user", "--net", "tc", "qdisc", "show"], capture_output=True, timeout=10
        )
        return probe.returncode == 0

    @staticmethod
    def run(command, **kwargs):
        return subprocess.run(["unshare", "--user", "--map-root-user", "--net", *command], **kwargs)


def bring_up_loopback():
    """Inside a ``PrivateNetwork``: its loopback interface starts down."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)


def silence_loopback():
    """Inside a ``PrivateNetwork`` only: every packet on it is dropped from now on, as on a partitioned network or
    towards a frozen host. Nothing is acknowledged any more, so the senders' TCP timeouts are what end the wait."""
    subprocess.run(["tc", "qdisc", "add", "dev", "lo", "root", "blackhole"], check=True)
