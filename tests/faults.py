"""Failing networks for the fault tests: a server that accepts connections and never answers, and a TCP proxy that
the test puts between the app and a real service and cuts and restores. Both listen on 127.0.0.1 only."""

import socket
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
    """Forwards 127.0.0.1:<port> to an upstream address. ``cut()`` drops every open connection and makes new ones
    hang unanswered (a database host that vanished from the network); ``restore()`` forwards again."""

    def __init__(self, upstream_host, upstream_port):
        self.upstream = (upstream_host, upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.forwarding = True
        self.open_sockets = set()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.listener.close()
        self.thread.join(timeout=5)
        self._drop_all()

    def cut(self):
        with self.lock:
            self.forwarding = False
        self._drop_all()

    def restore(self):
        with self.lock:
            self.forwarding = True

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
                upstream = socket.create_connection(self.upstream, timeout=5)
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
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
