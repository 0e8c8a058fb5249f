"""Parses az command lines with the real Azure CLI, without signing in or running them.

Reads JSON lines (each an argv list, without the leading "az") from stdin; writes one JSON line per command:
{"argv": [...], "verdict": "parsed" | "error" | "unchecked", "message": "..."}.
"parsed": the arguments parsed and the command stopped at the sign-in check.
"error": argparse rejected the arguments (unrecognized, missing, not a valid value).
"unchecked": this az build cannot load the command's module ("No module named"), so it cannot be judged.
Run with an empty AZURE_CONFIG_DIR so nothing can be executed against Azure.
"""
import io, json, logging, sys

from azure.cli.core import get_default_cli


class Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def check(argv):
    capture = Capture()
    for name in ("", "cli"):
        logging.getLogger(name).addHandler(capture)
    stderr, sys.stderr = sys.stderr, io.StringIO()
    try:
        code = get_default_cli().invoke(argv, out_file=io.StringIO())
    except SystemExit as exit:
        code = exit.code
    except Exception as error:  # a crash inside az is not a parse verdict
        capture.lines.append(f"{type(error).__name__}: {error}")
        code = -1
    finally:
        text = sys.stderr.getvalue()
        sys.stderr = stderr
        for name in ("", "cli"):
            logging.getLogger(name).removeHandler(capture)
    message = " ".join(capture.lines + [text]).strip()
    if "No module named" in message:
        return "unchecked", message
    if "az login" in message:
        return "parsed", message
    return ("error" if code == 2 or code == -1 else "parsed"), message


for line in sys.stdin:
    if line.strip():
        argv = json.loads(line)
        verdict, message = check(argv)
        print(json.dumps({"argv": argv, "verdict": verdict, "message": message[:500]}), flush=True)
