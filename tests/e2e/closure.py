#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A newcomer's whole closure on a fresh case, through the real app over
AT-SPI: create the case, scan the demo folder into the inventory, tag, fix
the plan check, send notices and record answers, redact a PDF, make a vault
for a generated custodian, destroy with an operator and a witness, export
the report — then check the case and the report with closure-desk-cli."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cd_e2e as e  # noqa: E402

PASSPHRASE = "Dissolution 2026!"
COMPANY = "福州示例贸易有限公司"


class Closure:
    def __init__(self, app):
        self.app = app
        self.work = app.path("work")
        os.makedirs(self.work, exist_ok=True)
        self.case = os.path.join(self.work, "fuzhou.closurecase")
        self.demo = os.path.join(self.work, "demo-files")
        self.win = None
        self.cli("case", "demo-files", self.demo)
        app.cwd = self.demo

    # -- helpers ------------------------------------------------------------

    def pane(self, title):
        """Opens a pane from the sidebar by its name; returns the window."""
        row = e.find(self.win, "list item", title)
        e.act(row, "row.activate")
        return self.win

    def type_into_file_chooser(self, title, path):
        chooser = self.app.window(title)
        e.fill(chooser, "text", "Name:", path)
        return chooser

    def cli(self, *args, check=True):
        return e.cli(*args, passphrase=PASSPHRASE, check=check)

    # -- the steps ----------------------------------------------------------

    def create_case(self):
        start = self.app.window("Closure Desk")
        e.click(start, "push button", "New Case…")
        dialog = self.app.window("New Case")
        e.fill(dialog, "text", "Company name", COMPANY)
        e.fill(dialog, "text", "Consultant", "王顾问")
        e.fill(dialog, "text", "Public announcement", "2026-10-10")
        e.fill(dialog, "text", "Planned deregistration", "2026-12-01")
        e.fill(dialog, "text", "Passphrase", PASSPHRASE)
        e.fill(dialog, "text", "Repeat passphrase", PASSPHRASE)
        e.wait_text(dialog, "Strong")
        e.click(dialog, "push button", "Choose…")
        chooser = self.type_into_file_chooser("Save Case File", self.case)
        e.click(chooser, "push button", "Save")
        self.app.window_gone(chooser)
        e.wait_text(dialog, os.path.basename(self.case))
        e.click(dialog, "push button", "Create")
        self.app.window_gone(dialog, timeout=30)
        self.win = self.app.window(COMPANY)
        e.find(self.win, "list item", "Data Inventory")
        e.wait_text(self.win, "No data assets yet")
        if not os.path.exists(self.case):
            e.fail("the case file %s was not written" % self.case)
        e.step("create case — %s, %s" % (COMPANY, os.path.basename(self.case)))

    def scan(self):
        self.pane("Data Inventory")
        e.click(self.win, "push button", "Scan Folder…")
        dialog = self.app.window("Scan for Personal Data")
        e.click(dialog, "push button", "Choose Folder…")
        # The chooser opens in the app's working folder, the demo files:
        # select it as it is.
        chooser = self.app.window("Choose a Folder to Scan")
        e.wait_text(chooser, "demo-files")
        e.click(chooser, "push button", "Scan")
        self.app.window_gone(chooser)
        e.wait_text(dialog, "demo-files")
        e.wait_text(dialog, "Scan complete", timeout=120)
        files = e.wait_text(dialog, re.compile(r"^\d+ files?$"))
        e.find(dialog, "list item", "Resident ID numbers")
        per_folder = e.find(dialog, "check box", "One asset per folder")
        if not e.is_checked(per_folder):
            e.fail("one asset per folder is not the default grouping")
        e.click(dialog, "push button", "Add to Inventory")
        self.app.window_gone(dialog)
        rows = e.wait_for(lambda: len(self.asset_rows()) >= 3 and self.asset_rows(),
                          "assets in the inventory list")
        summary = e.wait_text(self.win, re.compile(r"^\d+ assets? · "))
        e.wait_for(lambda: len(self.asset_rows()) == int(summary.split()[0]),
                   "one row per asset the summary counts (%s)" % summary)
        e.step("scan — %s read, %d assets listed (%s)" % (files, len(rows), summary))

    def select_asset(self, table, location):
        """Selects the one row of @table whose first cell ends with
        @location (through the list's AT-SPI Selection)."""
        rows = e.find_all(table, "table row")
        for row in rows:
            cells = e.find_all(row, "label")
            if cells and e.name(cells[0]).endswith(location):
                lst = row.parent
                selection = lst.querySelection()
                selection.clearSelection()
                selection.selectChild(row.getIndexInParent())
                e.wait_for(lambda: selection.nSelectedChildren == 1, "%s selected" % location)
                return row
        e.fail("no row for %s in %s" % (location, e.name(table)))

    def plan_check(self):
        return e.wait_text(self.win, re.compile(r"^Plan check"))

    def add_customer(self, name, phone, email, address):
        e.click(self.win, "push button", "Add Customer")
        dialog = self.app.window("New Customer")
        e.fill(dialog, "text", "Name", name)
        e.fill(dialog, "text", "Phone", phone)
        e.fill(dialog, "text", "E-mail", email)
        e.fill(dialog, "text", "Address", address)
        e.click(dialog, "push button", "Add")
        self.app.window_gone(dialog)

    def asset_rows(self):
        table = e.find(self.win, "tree table", re.compile("."), timeout=5)
        return e.find_all(table, "table row")[1:]


    def customers(self):
        self.pane("Data Inventory")
        e.click(self.win, "page tab", "Customers")
        for customer in CUSTOMERS:
            self.add_customer(*customer)
        summary = e.wait_text(self.win, "%d customers" % len(CUSTOMERS))
        # The registry shows names masked.
        e.wait_text(self.win, CUSTOMERS[0][0][0] + "**")
        e.click(self.win, "page tab", "Assets")
        e.step("customers — %d added (%s)" % (len(CUSTOMERS), summary))

    def tag(self):
        self.pane("Sensitivity Tagging")
        table = e.find(self.win, "tree table", "Data assets and their plan")
        before = self.plan_check()
        rows = e.find(table, "list", None)
        e.act(rows, "list.select-all")
        e.click(self.win, "push button", "Categories")
        e.click(self.win, "push button", "Use Suggestion")
        e.wait_for(lambda: "No category decided" not in " ".join(self.check_lines()),
                   "the suggested categories to be taken")
        e.act(rows, "list.select-all")
        e.click(self.win, "push button", "Disposition")
        e.click(self.win, "menu item", "Destroy")
        self.select_asset(table, "/财务")
        e.click(self.win, "push button", "Disposition")
        e.click(self.win, "menu item", "Encrypt and retain")
        e.wait_for(lambda: self.plan_check() == "Plan check: no problems",
                   "the plan check to have no problems (it shows: %s)" % " | ".join(self.check_lines()))
        e.wait_text(table, "Encrypt and retain")
        e.step("tag — categories from the findings, 财务 encrypt and retain, the rest destroy; "
               "%s → no problems" % before)

    def check_lines(self):
        lists = e.find_all(self.win, "list", "Plan check")
        return [e.name(n) for n in e.find_all(lists[0], "list item")] if lists else []

    def notices(self):
        self.pane("Customer Notices")
        e.wait_text(self.win, "%d customers · 0 overdue" % len(CUSTOMERS))
        e.click(self.win, "push button", "Render Letters…")
        e.click(self.win, "menu item", "PDF for Printing…")
        letters = os.path.join(self.work, "letters.pdf")
        chooser = self.type_into_file_chooser("Save the Letters as PDF", letters)
        e.click(chooser, "push button", "Save")
        self.app.window_gone(chooser)
        done = self.app.window("Letters Rendered", timeout=60)
        text = e.wait_text(done, re.compile(r"letters?, \d+ pages"))
        e.click(done, "push button", "Close")
        self.app.window_gone(done)
        if not os.path.getsize(letters):
            e.fail("%s is empty" % letters)
        e.wait_text(self.win, "Drafted")
        e.step("notices — rendered: %s" % text.split("\n")[0])

        table = e.find(self.win, "tree table", "Customers and their notices")
        e.act(e.find(table, "list", None), "list.select-all")
        e.click(self.win, "push button", "Mark Sent…")
        dialog = self.app.window("Mark Letters Sent")
        e.wait_text(dialog, "The letters to %d customers were sent" % len(CUSTOMERS))
        e.click(dialog, "push button", "Mark Sent")
        self.app.window_gone(dialog)
        sent = e.wait_text(self.win, re.compile(r"^Marked \d+ letters sent"))
        e.wait_for(lambda: len([t for t in e.label_texts(table) if t.startswith("Sent ")])
                   == len(CUSTOMERS), "every customer's notice to show as sent")
        e.step("notices — %s" % sent)

        answers = (("No objection", "No objection"), ("Delete my data", "Destroy"))
        for (name, _, _, _), (answer, _) in zip(CUSTOMERS, answers):
            e.click(self.win, "push button", re.compile("^Record response for %s" % name[0]))
            e.click(self.win, "menu item", answer)
            e.wait_text(table, answer)
        # The deletion request changes the plan for that customer.
        e.wait_text(table, "Destroy")
        e.wait_text(self.win, "Answered")
        e.step("notices — responses recorded: %s" % ", ".join(a for a, _ in answers))


    def redact(self):
        self.pane("Redaction")
        pdf = "婚宴服务合同-罗志.pdf"
        e.act(e.find(self.win, "list item", pdf, timeout=30), "row.activate")
        summary = e.wait_text(self.win, re.compile(r"^\d+ to redact · "), timeout=60)
        e.find(self.win, "list", "Redactions by page")
        e.click(self.win, "push button", "Export…")
        out = os.path.join(self.work, "contract-redacted.pdf")
        chooser = self.type_into_file_chooser("Export the Redacted Copy", out)
        e.click(chooser, "push button", "Export")
        self.app.window_gone(chooser)
        done = e.wait_text(self.win, re.compile(r"^contract-redacted\.pdf: .*checked, no redacted text"),
                           timeout=90)
        if not os.path.getsize(out):
            e.fail("%s is empty" % out)
        e.step("redact — %s: %s; %s" % (pdf, summary, done.split(": ", 1)[1]))

    def custodian(self):
        self.pane("Retention & Destruction")
        e.click(self.win, "push button", "Add Custodian…")
        dialog = self.app.window("Add Custodian")
        e.fill(dialog, "text", "Name", CUSTODIAN)
        e.click(dialog, "push button", "Save Key…")
        key = os.path.join(self.work, "zhou.key")
        chooser = self.type_into_file_chooser("Save the Custodian’s Secret Key", key)
        e.click(chooser, "push button", "Save")
        self.app.window_gone(chooser)
        handover = self.app.window("Hand Over the Key", timeout=30)
        e.wait_text(handover, "Hand this file to %s" % CUSTODIAN)
        e.click(handover, "push button", "Close")
        self.app.window_gone(handover)
        custodians = e.find(self.win, "list", "Custodians")
        e.find(custodians, "list item", re.compile("^%s" % CUSTODIAN))
        with open(key) as f:
            if "AGE-SECRET-KEY-" not in f.read():
                e.fail("%s holds no age secret key" % key)
        e.step("retention — custodian %s, key saved to %s" % (CUSTODIAN, os.path.basename(key)))

    def vault(self):
        e.click(self.win, "push button", "Create Vault…")
        dialog = self.app.window("Create Vault")
        files = e.find(dialog, "list", "Files to keep")
        e.find(files, "list item", "财务")
        e.find(e.find(dialog, "list", "Custodians"), "list item", CUSTODIAN)
        archive = e.wait_text(dialog, re.compile(r"retained-records\.age$"))
        e.click(dialog, "push button", "Create")
        self.app.window_gone(dialog, timeout=60)
        archives = e.find(self.win, "list", "Retained archives")
        e.wait_text(archives, os.path.basename(archive), timeout=30)
        if not os.path.getsize(archive):
            e.fail("%s is empty" % archive)
        e.step("retention — vault %s for %s" % (os.path.basename(archive), CUSTODIAN))

    def destroy(self):
        e.click(self.win, "push button", "Plan Destruction")
        planned = e.wait_text(self.win, re.compile(r"^\d+ files?, .* to destroy$"), timeout=30)
        e.fill(self.win, "text", "Operator", OPERATOR)
        e.fill(self.win, "text", "Witness", WITNESS)
        e.click(self.win, "push button", re.compile(r"^Destroy \d+ Files?…"))
        confirm = self.app.window(re.compile(r"^Destroy \d+ Files?\?$"))
        e.wait_text(confirm, "Operator: %s · Witness: %s" % (OPERATOR, WITNESS))
        e.fill(confirm, "text", "Type the case name to confirm", COMPANY)
        e.click(confirm, "push button", "Destroy")
        self.app.window_gone(confirm)
        e.wait_text(self.win, "Destruction complete", timeout=90)
        last = e.wait_text(self.win, re.compile(r"^Last destruction: "))
        e.wait_text(self.win, "Destroyed ✓")
        e.step("destroy — planned %s; %s" % (planned, last))

    def report(self):
        self.pane("Disposal Report")
        checklist = e.find(self.win, "list", re.compile("^Completeness checklist"), timeout=30)
        for item in ("Every asset decided, no plan errors", "Notices sent to every customer",
                     "Retained assets in an encrypted archive", "Assets to destroy destroyed"):
            e.find(checklist, "list item", item)
        e.click(self.win, "push button", "Export PDF…")
        self.report_pdf = os.path.join(self.work, "report.pdf")
        chooser = self.type_into_file_chooser("Export the Disposal Report", self.report_pdf)
        e.click(chooser, "push button", "Export")
        self.app.window_gone(chooser)
        e.wait_for(lambda: os.path.exists(self.report_pdf + ".minisig"),
                   "the report and its signature", timeout=60)
        e.step("report — exported %s (+ .minisig)" % os.path.basename(self.report_pdf))

    def close_case(self):
        e.click(self.win, "push button", "Case Menu")
        e.click(self.win, "menu item", "Close Case")
        start = self.app.window("Closure Desk")
        e.find(start, "push button", "New Case…")
        e.step("close case — back to the start view")

    def check_with_cli(self):
        r = self.cli("verify-report", self.report_pdf, "--case", self.case)
        for line in ("Signature (report.pdf.minisig) by the case's key: OK",
                     "Audit log head is an entry of the case's chain: OK",
                     "The report is genuine and matches the case."):
            if line not in r.stdout:
                e.fail("verify-report does not say %r:\n%s" % (line, r.stdout))
        oks = [line for line in r.stdout.splitlines() if line.endswith(": OK")]
        e.step("verify-report — exit 0, %d checks OK" % len(oks))

        show = self.cli("case", "show", self.case).stdout
        for want in ("Company:                  %s" % COMPANY, "Assets:                   13",
                     "Customers:                %d" % len(CUSTOMERS)):
            if want not in show:
                e.fail("case show lacks %r:\n%s" % (want, show))
        runs = self.cli("destroy", "list", self.case).stdout
        if not re.search(r"Complete\s+(\d+)/\1\s+%s\s+%s" % (OPERATOR, WITNESS), runs):
            e.fail("destroy list shows no complete run by %s and %s:\n%s" % (OPERATOR, WITNESS, runs))
        audit = self.cli("audit", "verify", self.case).stdout
        if not audit.startswith("Audit log intact"):
            e.fail("audit verify: %s" % audit)
        e.step("cli — case show, destroy list (%s), audit verify: %s"
               % (runs.splitlines()[-1].split()[3], audit.splitlines()[0]))


CUSTODIAN = "周律师"
OPERATOR = "林小红"
WITNESS = "陈立华"

CUSTOMERS = [
    ("林晓梅", "13912345678", "lin.xiaomei@example.com", "福州市鼓楼区五四路 88 号"),
    ("陈国华", "13812345679", "chen.guohua@example.com", "福州市台江区工业路 12 号"),
]

STEPS = [
    Closure.create_case,
    Closure.scan,
    Closure.customers,
    Closure.tag,
    Closure.notices,
    Closure.redact,
    Closure.custodian,
    Closure.vault,
    Closure.destroy,
    Closure.report,
    Closure.close_case,
]


def run():
    e.require_env("CLOSURE_DESK_APP", "CLOSURE_DESK_CLI")
    with e.App() as app:
        closure = Closure(app)
        app.start()
        for s in STEPS:
            s(closure)
        app.kill()
        closure.check_with_cli()


if __name__ == "__main__":
    e.main(run)
