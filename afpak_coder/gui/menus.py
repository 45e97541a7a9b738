"""The main window's menus and their shortcuts (keys come from ``shortcuts``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMessageBox

from afpak_coder.gui import shortcuts as keys
from afpak_coder.gui.server.server_window import adapt_file_menu, download_file_copy
from afpak_coder.gui.view_menu import ViewMenu
from afpak_coder.gui.workspace.coding_controller import ALL, MINE
from afpak_coder.wording import plural


class WindowActions:
    """Holds the actions that change with the project (enabled state, recent files, coders)."""

    def __init__(self, window) -> None:
        self.window = window
        self.project_actions: list[QAction] = []
        self.writing_actions: list[QAction] = []
        menu_bar = window.menuBar()
        controller = window.controller

        file_menu = menu_bar.addMenu("&File")
        self._add(file_menu, "&New project…", window.choose_new_project, keys.NEW_PROJECT)
        self._add(file_menu, "&Open project…", window.choose_project_to_open, keys.OPEN_PROJECT)
        self._add(file_menu, "Open ser&ver project…", window.open_server)
        self._add(file_menu, "Open the &sample project", window.open_sample_project)
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addSeparator()
        self.writing_actions.append(self._add(file_menu, "&Import documents…", self._import, keys.IMPORT))
        self.writing_actions.append(self._add(file_menu, "Edit document &details…", self._edit_details, keys.DETAILS))
        self.project_actions.append(self._add(file_menu, "&Export claims (Excel, CSV)…", self._export, keys.EXPORT))
        file_menu.addSeparator()
        self.copy_action = self._add(file_menu, "Create a coder cop&y…", self._coder_copy)
        self.merge_action = self._add(file_menu, "&Merge coder files…", self._merge)
        file_menu.addSeparator()
        self.file_menu = file_menu
        self.save_copy_action = self._add(file_menu, "Save a &copy of the project…", self._save_copy)
        self.check_action = self._add(file_menu, "Chec&k project…", self._check_project)
        self.backups_action = self._add(file_menu, "&Backups and restore…", self._backups)
        self.project_actions += [self.save_copy_action, self.check_action]
        self.writing_actions.append(self.backups_action)
        file_menu.setToolTipsVisible(True)  # a server project says why an action is off
        self.project_actions.append(self._add(file_menu, "&Close project", window.close_project, keys.CLOSE_PROJECT))
        file_menu.addSeparator()
        self._add(file_menu, "&Quit", window.close, keys.QUIT)

        edit_menu = menu_bar.addMenu("&Edit")
        # Through the controller, which first asks about unsaved changes to the claim being edited.
        self.undo = self._add(edit_menu, "&Undo", controller.undo, keys.UNDO)
        self.redo = self._add(edit_menu, "&Redo", controller.redo)
        self.redo.setShortcuts([QKeySequence(keys.REDO), QKeySequence("Ctrl+Y")])
        stack = controller.undo_stack
        stack.canUndoChanged.connect(self.undo.setEnabled)
        stack.canRedoChanged.connect(self.redo.setEnabled)
        stack.undoTextChanged.connect(lambda text: self.undo.setText(f"&Undo {text}".strip()))
        stack.redoTextChanged.connect(lambda text: self.redo.setText(f"&Redo {text}".strip()))
        self.undo.setEnabled(False)
        self.redo.setEnabled(False)
        edit_menu.addSeparator()
        self.project_actions.append(self._add(edit_menu, "&Find in document…", window.find_bar.open_bar, keys.FIND))
        self.project_actions.append(self._add(edit_menu, "Find &next", window.find_bar.next_hit, keys.FIND_NEXT))
        self.project_actions.append(self._add(edit_menu, "&Search all documents…", self._search_corpus, keys.SEARCH_CORPUS))
        self.project_actions.append(self._add(edit_menu, "Filter the &document list", self._focus_filter, keys.FOCUS_FILTER))

        self.view = ViewMenu(window, menu_bar)

        coding_menu = menu_bar.addMenu("&Coding")
        self.writing_actions.append(self._add(coding_menu, "&Save claim", controller.save))
        self.writing_actions.append(self._add(coding_menu, "&Delete claim", window.delete_selected_claim, keys.DELETE_CLAIM))
        self.writing_actions.append(self._add(coding_menu, "&Repeat last codes", controller.repeat_last_codes, keys.REPEAT_CODES))
        self.writing_actions.append(self._add(coding_menu, "Use &selection as the claim's span", controller.use_selection_as_span))
        self.project_actions.append(self._add(coding_menu, "&Next document to code", window.next_document, keys.NEXT_DOCUMENT))
        self.project_actions.append(self._add(coding_menu, "Next &incomplete claim", window.incomplete.open_next, keys.NEXT_INCOMPLETE))
        stance_menu = coding_menu.addMenu("S&tance")
        for number, key in enumerate(keys.STANCE_KEYS[:7], 1):
            action = self._add(stance_menu, f"Level {number} (from the lowest)",
                               lambda _c=False, n=number: window.coding_panel.pick_stance_number(n), key)
            self.writing_actions.append(action)
        coding_menu.addSeparator()
        self.project_actions.append(self._add(coding_menu, "Switch &coder…", window.switch_coder, keys.SWITCH_CODER))
        self.show_menu = coding_menu.addMenu("Show claims &of")
        suggestions_menu = coding_menu.addMenu("Su&ggestions")
        self.suggestions_switch = self._add(suggestions_menu, "Show suggestions &while coding",
                                            lambda: window.suggestions.set_enabled(self.suggestions_switch.isChecked()))
        self.suggestions_switch.setCheckable(True)
        self.suggestions_switch.setChecked(window.suggestions.enabled)
        self.project_actions.append(self._add(suggestions_menu, "Select the &next suggested sentence",
                                              window.suggestions.select_next_candidate, keys.NEXT_CANDIDATE))
        self.project_actions.append(self._add(suggestions_menu, "How &good are the suggestions?…", self._suggestions))
        self.view_group = QActionGroup(window)
        self.project_actions.append(self._add(coding_menu, "Edit the code&book…", self._edit_codebook, keys.CODEBOOK))

        analysis_menu = menu_bar.addMenu("&Analysis")
        self.project_actions.append(self._add(analysis_menu, "&Claims…", self._claims_browser, keys.CLAIMS_BROWSER))
        self.project_actions.append(self._add(analysis_menu, "Co-&occurrence…", self._cooccurrence))
        self.project_actions.append(self._add(analysis_menu, "&Documents as cases…", self._cases))
        self.project_actions.append(self._add(analysis_menu, "&Memos…", self._memos))
        self.project_actions.append(self._add(analysis_menu, "&Overview: crosstabs and charts…", self._overview, keys.OVERVIEW))
        self.project_actions.append(self._add(analysis_menu, "Coder &agreement and reconciling…", self._agreement, keys.AGREEMENT))
        self.project_actions.append(self._add(analysis_menu, "&Networks…", self._networks))

        help_menu = menu_bar.addMenu("&Help")
        self._add(help_menu, "&User guide", self._user_guide, keys.USER_GUIDE)
        self._add(help_menu, "&Keyboard shortcuts", self._shortcuts)
        help_menu.addSeparator()
        self._add(help_menu, "&About afpak-coder", self._about)
        self._add(help_menu, "About &Qt", lambda: QMessageBox.aboutQt(window, "About Qt"))
        self.menus = {"file": file_menu, "edit": edit_menu, "view": self.view.menu, "coding": coding_menu,
                      "analysis": analysis_menu, "help": help_menu}

    def _add(self, menu, text, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcuts(keys.key_bindings(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _suggestions(self) -> None:
        from afpak_coder.gui.suggestions.quality_dialog import SuggestionsDialog

        SuggestionsDialog(self.window.suggestions, self.window).exec()

    # -- state --------------------------------------------------------------------------------

    def project_opened(self, project) -> None:
        for action in self.project_actions:
            action.setEnabled(True)
        for action in self.writing_actions:
            action.setEnabled(not project.read_only)
        # Coder copies are made from, and merged into, the master project only.
        self.copy_action.setEnabled(not project.read_only and not project.is_coder_copy)
        self.merge_action.setEnabled(not project.read_only and not project.is_coder_copy)
        adapt_file_menu(self, project)
        self.coders_changed(project, self.window.controller.coder)

    def project_closed(self) -> None:
        for action in self.project_actions + self.writing_actions + [self.copy_action, self.merge_action]:
            action.setEnabled(False)
        adapt_file_menu(self, None)
        self.show_menu.clear()

    def coders_changed(self, project, coder) -> None:
        """Rebuild Show claims of: my claims (blind), all coders, or mine beside one other coder."""
        self.show_menu.clear()
        for action in self.view_group.actions():
            self.view_group.removeAction(action)
        controller = self.window.controller
        entries = [("Only mine (blind coding)", MINE), ("All coders", ALL)]
        entries += [(f"Mine beside {c.name}'s", c.id) for c in project.coders() if coder is None or c.id != coder.id]
        for text, mode in entries:
            action = QAction(text, self.window, checkable=True)
            action.setChecked(controller.view_mode == mode)
            action.triggered.connect(lambda _checked=False, m=mode: controller.set_view_mode(m))
            self.view_group.addAction(action)
            self.show_menu.addAction(action)

    def set_recent(self, paths, open_path) -> None:
        self.recent_menu.clear()
        for path in paths:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: open_path(p))
        self.recent_menu.setEnabled(bool(paths))

    # -- import, export, analysis -------------------------------------------------------------

    def import_paths(self, paths=()) -> None:
        """File → Import documents…, and files dropped onto the document list."""
        from afpak_coder.gui.importing.import_dialog import import_files_interactively

        window = self.window
        if window.project is None or window.project.read_only:
            return
        import_files_interactively(window, window.project, paths, on_imported=self._imported,
                                   on_refi_imported=self._refi_imported)

    def _import(self) -> None:
        self.import_paths()

    def _imported(self, report) -> None:
        self.window.controller.reload_documents()
        self.window.statusBar().showMessage(f"Saved: {plural(len(report.imported), 'document')} imported", 10000)

    def _refi_imported(self, summary: str) -> None:
        window = self.window
        window.controller.reload_codebook()
        window.controller.reload_documents()
        window.incomplete.refresh()
        window.statusBar().showMessage("Saved: " + summary.splitlines()[0], 15000)

    def _edit_details(self) -> None:
        from afpak_coder.gui.importing.import_metadata_dialog import DocumentDetailsDialog

        window = self.window
        documents = window.selected_documents()
        if window.project is None or not documents:
            return
        dialog = DocumentDetailsDialog(window.project, documents, window)
        dialog.saved.connect(lambda _documents: window.controller.reload_documents())
        dialog.exec()

    def _export(self) -> None:
        from afpak_coder.gui.exporting.export_dialog import ExportDialog

        window = self.window
        dialog = ExportDialog(window.project, window, selected_documents=window.selected_documents())
        dialog.exported.connect(lambda lines: window.statusBar().showMessage("Exported: " + "; ".join(lines), 15000))
        dialog.exec()

    def _overview(self) -> None:
        from PySide6.QtCore import Qt

        from afpak_coder.gui.analysis.overview_window import OverviewWindow

        overview = OverviewWindow(self.window.project, self.window)
        overview.setWindowFlag(Qt.WindowType.Window)
        overview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        overview.resize(1200, 800)
        overview.show()

    def _networks(self) -> None:
        from PySide6.QtCore import Qt

        from afpak_coder.gui.networks.network_window import NetworkWindow

        networks = NetworkWindow(self.window.project, self.window)
        networks.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        networks.show()

    def _claims_browser(self) -> None:
        from afpak_coder.gui.browser.opening import open_claims_browser

        open_claims_browser(self.window)

    def _memos(self) -> None:
        from afpak_coder.gui.browser.memos_window import MemosWindow
        from afpak_coder.gui.browser.opening import close_with_project

        window = self.window
        shown = MemosWindow(window.project, window.controller.visible_coders() or window.project.coders(), window)
        shown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        close_with_project(window, shown)
        shown.resize(1100, 600)
        shown.show()

    def _cases(self) -> None:
        from afpak_coder.gui.browser.opening import close_with_project
        from afpak_coder.gui.cases.cases_window import CasesWindow

        shown = CasesWindow(self.window.project, self.window.controller, self.window)
        shown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        close_with_project(self.window, shown)
        shown.resize(1300, 700)
        shown.show()

    def _cooccurrence(self) -> None:
        from afpak_coder.gui.browser.cooccurrence_window import CooccurrenceWindow
        from afpak_coder.gui.browser.opening import close_with_project

        window = self.window
        coders = window.controller.visible_coders() or window.project.coders()
        shown = CooccurrenceWindow(window.project, coders, window)
        shown.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        close_with_project(window, shown)
        shown.resize(1100, 700)
        shown.show()

    def _agreement(self) -> None:
        from afpak_coder.gui.agreement.agreement_dialog import AgreementDialog

        window = self.window
        dialog = AgreementDialog(window.project, window)
        dialog.consensus_changed.connect(self._consensus_changed)
        dialog.exec()

    def _coder_copy(self) -> None:
        from afpak_coder.gui.copies.coder_copy_dialog import CoderCopyDialog

        window = self.window
        dialog = CoderCopyDialog(window.project, window)
        dialog.copy_created.connect(lambda result: window.statusBar().showMessage(result.text(), 15000))
        dialog.coders_changed.connect(lambda: self.coders_changed(window.project, window.controller.coder))
        dialog.exec()

    def _merge(self) -> None:
        from afpak_coder.gui.copies.merge_dialog import MergeDialog

        window = self.window
        dialog = MergeDialog(window.project, window)
        dialog.master_changed.connect(lambda _report: self._master_changed())
        dialog.exec()

    def _save_copy(self) -> None:
        project = self.window.project
        if project is not None and project.is_server:
            download_file_copy(self.window)
        else:
            self.window.save_copy()

    def _check_project(self) -> None:
        from afpak_coder.gui.safety.safety_actions import check_open_project

        check_open_project(self.window)

    def _backups(self) -> None:
        from afpak_coder.gui.safety.safety_actions import show_backups

        dialog = show_backups(self.window)
        if dialog is not None:
            dialog.exec()

    def _master_changed(self) -> None:
        """A merge brought claims, codebook entries or coders: show them everywhere."""
        controller = self.window.controller
        controller.reload_codebook()
        controller.reload_documents()
        controller.refresh_claims()
        self.coders_changed(self.window.project, controller.coder)

    def _consensus_changed(self) -> None:
        """Reconciling added claims of the Consensus coder: show them in lists and menus."""
        window = self.window
        window.controller.reload_documents()
        window.controller.refresh_claims()
        self.coders_changed(window.project, window.controller.coder)

    # -- small slots --------------------------------------------------------------------------

    def _search_corpus(self) -> None:
        self.window.docks["search"].show()
        self.window.docks["search"].raise_()
        self.window.search_panel.field.setFocus()

    def _focus_filter(self) -> None:
        self.window.docks["documents"].show()
        self.window.filter_box.setFocus()
        self.window.filter_box.selectAll()

    def _edit_codebook(self) -> None:
        from afpak_coder.gui.codebook.codebook_editor import CodebookEditor

        CodebookEditor(self.window.project, self.window.controller, self.window).exec()

    def _shortcuts(self) -> None:
        keys.ShortcutsDialog(self.window).exec()

    def _user_guide(self) -> None:
        from afpak_coder.gui.help.user_guide import UserGuide

        guide = UserGuide(self.window)
        guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        guide.show()  # beside the work, not modal
        self.guide = guide

    def _about(self) -> None:
        from afpak_coder.gui.help.about import AboutDialog

        AboutDialog(self.window).exec()


def build_menus(window) -> WindowActions:
    return WindowActions(window)
