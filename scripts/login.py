"""`make login`: a person signs in once; the signed-in browser state is saved for the harness.

Opens a browser at AEP_URL and waits (generously: SSO and two-step verification take a
person a while) until the Platform app shows, then re-checks the state in a fresh
context and saves it to AEP_STORAGE_STATE with file mode 600. With
PINTEREST_STORAGE_STATE set, does the same for Pinterest's login afterwards.

By default it launches a headed Chromium of its own. `--cdp-endpoint URL` attaches to a
Chrome or Chromium the person already runs, started with `--remote-debugging-port=9222`
(best with a dedicated `--user-data-dir`: the saved state holds that profile's cookies).

Exit status: 0 saved; 2 the person did not finish in time, or the saved state did not
work in a fresh context (nothing saved); 4 a usage error (a setting is missing).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from time import monotonic
from typing import TypeVar

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.browser import CHROMIUM_ARGS, system_chromium  # noqa: E402
from flows.settings import Settings, SettingsError, load_settings  # noqa: E402
from pages.aep.labels import AepLabels  # noqa: E402
from pages.aep.shell import AepShell, SignedOut  # noqa: E402
from pages.label_sets import load_labels  # noqa: E402
from pages.labels import pattern  # noqa: E402
from pages.pinterest.labels import PinterestLabels  # noqa: E402
from pages.pinterest.login import login_sign, origin_of  # noqa: E402

T = TypeVar("T")
EXIT_NOT_SIGNED_IN = 2
EXIT_USAGE = 4
# Minutes a person gets to finish SSO and two-step verification.
DEFAULT_TIMEOUT_S = 15 * 60


class NotSignedIn(RuntimeError):
    """The person did not finish in time, or the saved state does not sign in."""


def say(text: str) -> None:
    print(text, flush=True)


@contextmanager
def open_browser(cdp_endpoint: str | None, headless: bool) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium
        if cdp_endpoint:
            browser = chromium.connect_over_cdp(cdp_endpoint)
        else:
            own = os.path.exists(chromium.executable_path)
            browser = chromium.launch(
                headless=headless,
                args=CHROMIUM_ARGS,
                executable_path=None if own else system_chromium(),
            )
        try:
            yield browser
        finally:
            browser.close()


def person_context(browser: Browser, attached: bool) -> BrowserContext:
    """The context the person signs in with: an attached browser's own profile, else a
    new one (so each saved state holds one site's sign-in only)."""
    return browser.contexts[0] if attached and browser.contexts else browser.new_context()


def wait_for_platform_app(page: Page, labels: AepLabels, timeout_s: float) -> None:
    """Until the Platform app shows (top-level or in the shell's frame), through whatever
    sign-in, SSO and two-step pages come first."""
    deadline = monotonic() + timeout_s
    while True:
        left_ms = (deadline - monotonic()) * 1000
        if left_ms <= 0:
            raise NotSignedIn(f"the Platform app did not show within {timeout_s:.0f} s")
        try:
            AepShell(page, labels)
            return
        except SignedOut:
            # A sign-in page (maybe inside the shell's frame): wait for the next page.
            try:
                page.wait_for_event("framenavigated", timeout=max(left_ms, 1))
            except PlaywrightTimeout:
                continue
        except AssertionError:
            continue


def check_aep_state(browser: Browser, state: Path, url: str, labels: AepLabels) -> str:
    """Open AEP_URL in a fresh context with the saved state: the app, or NotSignedIn."""
    context = browser.new_context(storage_state=state)
    try:
        shell = AepShell.open(context.new_page(), url, labels)
        return shell.user()
    except SignedOut as exc:
        raise NotSignedIn(f"the saved state does not sign in to AEP ({exc})") from None
    finally:
        context.close()


def wait_for_pinterest_login(
    page: Page, origins: tuple[str, ...], labels: PinterestLabels, timeout_s: float
) -> None:
    """Until the login form is gone and the page is back on an allowed Pinterest origin."""
    try:
        # The form (its email field by name, or its password input) gone.
        expect(login_sign(page, labels)).to_have_count(0, timeout=timeout_s * 1000)
        page.wait_for_url(lambda u: origin_of(u) in origins, timeout=timeout_s * 1000)
    except (AssertionError, PlaywrightTimeout) as exc:
        raise NotSignedIn(f"the Pinterest login did not finish within {timeout_s:.0f} s") from exc


def check_pinterest_state(
    browser: Browser, state: Path, origin: str, labels: PinterestLabels
) -> None:
    """Pinterest's home in a fresh context with the saved state offers no login."""
    context = browser.new_context(storage_state=state)
    try:
        page = context.new_page()
        page.goto(f"{origin}/")
        log_in = page.get_by_role("link", name=pattern(*labels.log_in)).or_(
            login_sign(page, labels)
        )
        if origin_of(page.url) != origin or log_in.count():
            raise NotSignedIn("the saved state does not sign in to Pinterest")
    finally:
        context.close()


def save_checked(context: BrowserContext, target: Path, check: Callable[[Path], T]) -> T:
    """The context's state saved to `target` with mode 600, once `check` accepts it (in a
    fresh context); nothing is left behind when it does not."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)  # mkstemp creates it with mode 600
    saved = Path(name)
    try:
        context.storage_state(path=saved)
        os.chmod(saved, 0o600)
        result = check(saved)
    except BaseException:
        saved.unlink()
        raise
    saved.replace(target)
    return result


def log_in_aep(
    browser: Browser, attached: bool, settings: Settings, labels: AepLabels, timeout_s: float
) -> None:
    url, target = settings.aep_url or "", settings.aep_storage_state
    context = person_context(browser, attached)
    page = context.new_page()
    page.goto(url)
    say(
        f"Sign in to Adobe Experience Platform in the browser window ({url}): your "
        f"company's SSO and two-step verification, until the Platform app shows. "
        f"Waiting up to {timeout_s / 60:.0f} minutes."
    )
    wait_for_platform_app(page, labels, timeout_s)
    user = save_checked(context, target, lambda s: check_aep_state(browser, s, url, labels))
    page.close()
    say(f"Signed in{f' as {user}' if user else ''}; saved {target} (mode 600).")


def log_in_pinterest(
    browser: Browser,
    *,
    attached: bool,
    settings: Settings,
    target: Path,
    labels: PinterestLabels,
    timeout_s: float,
) -> None:
    origin = settings.pinterest_login_origins[0]
    context = person_context(browser, attached)
    page = context.new_page()
    page.goto(f"{origin}/login/")
    say(
        f"Log in to Pinterest in the browser window ({origin}) with the account that "
        f"should own the connection. Waiting up to {timeout_s / 60:.0f} minutes."
    )
    wait_for_pinterest_login(page, settings.pinterest_login_origins, labels, timeout_s)
    save_checked(context, target, lambda s: check_pinterest_state(browser, s, origin, labels))
    page.close()
    say(f"Logged in to Pinterest; saved {target} (mode 600).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--site",
        choices=("all", "aep", "pinterest"),
        default="all",
        help="aep, pinterest, or all (default: AEP, then Pinterest when "
        "PINTEREST_STORAGE_STATE is set)",
    )
    parser.add_argument(
        "--pinterest-state",
        metavar="FILE",
        help="save the Pinterest state here instead of PINTEREST_STORAGE_STATE (e.g. one "
        "identity of PINTEREST_CREDENTIALS_FILE)",
    )
    parser.add_argument(
        "--cdp-endpoint",
        metavar="URL",
        help="attach to a running Chrome started with --remote-debugging-port "
        "(e.g. http://127.0.0.1:9222) instead of launching one",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"how long to wait for the person (default {DEFAULT_TIMEOUT_S})",
    )
    parser.add_argument("--headless", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        settings = load_settings(ROOT)
    except SettingsError as exc:
        say(f"ERROR: settings: {exc}")
        return EXIT_USAGE
    pinterest_state = (
        ROOT / args.pinterest_state if args.pinterest_state else settings.pinterest_storage_state
    )
    aep = args.site in ("all", "aep")
    pinterest = args.site == "pinterest" or (args.site == "all" and pinterest_state is not None)
    if aep and not settings.aep_url:
        say("ERROR: settings: AEP_URL: required by the login helper (where to sign in)")
        return EXIT_USAGE
    if pinterest and pinterest_state is None:
        say("ERROR: settings: PINTEREST_STORAGE_STATE: required to save a Pinterest login")
        return EXIT_USAGE
    labels, pin_labels = load_labels(settings.labels_file)
    attached = bool(args.cdp_endpoint)
    with open_browser(args.cdp_endpoint, args.headless) as browser:
        try:
            if aep:
                log_in_aep(browser, attached, settings, labels, args.timeout)
            if pinterest and pinterest_state is not None:
                log_in_pinterest(
                    browser,
                    attached=attached,
                    settings=settings,
                    target=pinterest_state,
                    labels=pin_labels,
                    timeout_s=args.timeout,
                )
        except NotSignedIn as exc:
            say(f"ERROR: not saved: {exc}; run `make login` again")
            return EXIT_NOT_SIGNED_IN
    return 0


if __name__ == "__main__":
    sys.exit(main())
