#!/usr/bin/env python3
"""Hands a listening TCP socket to a program as its descriptor 3 (as systemd socket activation
or `wasmtime run --tcplisten` do), connects, sends "hello socket", and prints what came back,
the program's exit status and its output.

    handed_socket.py EXECUTABLE [ARGS...]
"""
import os
import socket
import subprocess
import sys

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(1)
if listener.fileno() != 3:
    os.dup2(listener.fileno(), 3)
program = subprocess.Popen(sys.argv[1:], pass_fds=(3,), stdout=subprocess.PIPE)
connection = socket.create_connection(listener.getsockname(), timeout=30)
connection.sendall(b"hello socket")
reply = b""
while chunk := connection.recv(4096):
    reply += chunk
output, _ = program.communicate(timeout=30)
print(f"reply: {reply.decode()}")
print(f"status: {program.returncode}")
sys.stdout.write(output.decode())
