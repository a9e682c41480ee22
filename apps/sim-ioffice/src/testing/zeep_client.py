"""Test helper: calls the simulator through Python zeep, a SOAP client the project did not write.

Usage: /usr/bin/python3 zeep_client.py <wsdl-url> < calls.json
calls.json: [{"op": "SendEdoc", "args": {...}, "auth": "good"|"bad"|"none"}, ...]
An argument {"$bytes": "<base64>"} is passed as bytes (xsd:base64Binary).
Prints one JSON list: per call {"result": ...} or {"fault": {"faultcode", "message", "code"}}.
"""
import base64
import datetime
import json
import sys

import zeep
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.wsse.username import UsernameToken


def plain(value):
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def decode_args(args):
    return {k: base64.b64decode(v["$bytes"]) if isinstance(v, dict) and "$bytes" in v else v for k, v in args.items()}


def main():
    wsdl = sys.argv[1]
    system_id = sys.argv[2] if len(sys.argv) > 2 else "lienthong"
    secret = sys.argv[3] if len(sys.argv) > 3 else "lienthong-secret"
    clients = {
        "good": zeep.Client(wsdl, wsse=UsernameToken(system_id, secret)),
        "bad": zeep.Client(wsdl, wsse=UsernameToken(system_id, "not-the-secret")),
        "none": zeep.Client(wsdl),
    }
    results = []
    for call in json.load(sys.stdin):
        client = clients[call.get("auth", "good")]
        try:
            result = getattr(client.service, call["op"])(**decode_args(call.get("args", {})))
            results.append({"result": plain(serialize_object(result))})
        except Fault as fault:
            code = None
            if fault.detail is not None:
                found = fault.detail.find("code")
                code = found.text if found is not None else None
            results.append({"fault": {"faultcode": str(fault.code), "message": fault.message, "code": code}})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
