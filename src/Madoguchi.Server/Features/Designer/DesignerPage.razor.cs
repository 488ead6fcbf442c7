using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Madoguchi.Core.Cases;
using Madoguchi.Core.Procedures;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;

namespace Madoguchi.Server.Features.Designer;

/// <summary>
/// The no-code designer: outline (left), the portal's own rendering of the page (centre) and the selected element's
/// properties (right). All state lives in a <see cref="DesignerSession"/>; this class wires it to the screen, the
/// draft autosave, the preview frame and the keyboard and drag-and-drop handling of designer.js.
/// </summary>
public sealed partial class DesignerPage
{
    /// <summary>The draft is saved this long after the last edit (and when leaving).</summary>
    public static readonly TimeSpan AutosaveDelay = TimeSpan.FromSeconds(1.5);

    /// <summary>After a failed save (database briefly unavailable) the draft is tried again this much later.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    private enum SaveState
    {
        Saved,
        Unsaved,
        Saving,
        Failed,
    }

    private enum MoveKind
    {
        Up,
        Down,
        In,
        Out,
    }

    private sealed record VersionRow(int Number, DateTime PublishedAt, string? Note);

    [Parameter] public Guid ProcedureId { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private DefinitionCache Cache { get; set; } = default!;
    [Inject] private DesignerPreviews Previews { get; set; } = default!;
    [Inject] private TenantDirectory Tenants { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<DesignerPage> Logger { get; set; } = default!;

    private readonly SemaphoreSlim _saveLock = new(1, 1);
    private readonly HashSet<string> _collapsed = new(StringComparer.Ordinal);
    private DesignerSession? _session;
    private ElementReference _root;
    private bool _notFound;
    private Guid _loadedId;
    private string _slug = "";
    private string _tenantSlug = "";
    private Guid _previewKey;
    private SaveState _saveState = SaveState.Saved;
    private long _savedRevision;
    private CancellationTokenSource? _saveDelay;
    private int _collapseVersion;
    private string _announcement = "";
    private bool _announceToggle;
    private string? _focusNode;
    private string? _focusSelector;
    private IJSObjectReference? _module;
    private IJSObjectReference? _handle;
    private DotNetObjectReference<DesignerPage>? _self;
    private IDisposable? _locationHandler;
    private bool _disposed;
    private long _editStarted;
    private TimeSpan _editApplied;

    private int _previewPage = 1;
    private string? _followedSelection;
    private bool _phone = true;
    private string _previewLanguage = "ja";

    /// <summary>The outline key of the route node when it is collapsed.</summary>
    private const string RouteCollapseKey = "route";

    private RouteDirectory _directory = RouteDirectory.Empty;
    private readonly Dictionary<string, string> _routePreviewAnswers = new(StringComparer.Ordinal);

    private List<VersionRow> _versions = [];
    private bool _showProblems;
    private bool _showPublish;
    private bool _publishing;
    private bool _publishFailed;
    private string _note = "";
    private string? _publishMessage;

    public ProcedureDefinition Definition => _session!.Definition;

    public DesignerProblems Problems => _session!.Problems;

    private string SaveStateName => _saveState.ToString().ToLowerInvariant();

    private string Title => _session!.Definition.Title.For(Lang) is { Length: > 0 } t ? t : _slug;

    private string PreviewSource => string.Create(CultureInfo.InvariantCulture,
        $"{DesignerEndpoints.PreviewPath}/{_previewKey}?page={_previewPage}&ui={_previewLanguage}&rev={_session!.Revision}");

    /// <summary>
    /// The portal element of the selected field on the previewed page (its top-level field: the portal renders those),
    /// which designer.js scrolls into view and outlines. Not a URL fragment: navigating the frame to one moves focus.
    /// </summary>
    private string? PreviewTarget
    {
        get
        {
            if (_session!.Selection is { Kind: SelectionKind.Field, Path: { } path } && path.Page + 1 == _previewPage)
            {
                return DefinitionEditor.TryGetField(_session.Definition, new NodePath(path.Page, path.Indices[0])) is { } top ? "f-" + top.Id : null;
            }

            return null;
        }
    }

    private NodePath? SelectedPath => _session?.Selection.Path;

    private int SelectedStep => _session?.Selection is { Kind: SelectionKind.Route, Step: >= 0 } s ? s.Step : -1;

    private bool CanMove => SelectedPath is not null || SelectedStep >= 0;

    /// <summary>"Today" of the route preview: the date in Japan, as when a case is opened.</summary>
    private DateOnly Today => CaseClock.JapanDate(Clock.GetUtcNow().UtcDateTime);

    private bool CanMoveIn => SelectedPath is { IsPage: false } path && DefinitionEditor.MoveIn(Definition, path) is not null;

    private bool CanMoveOut => SelectedPath is { IsPage: false } path && !path.Parent.IsPage;

    protected override async Task LoadAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var procedure = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == ProcedureId);
        if (procedure is null || Tenant.TenantId is not { } tenantId || await Tenants.FindAsync(tenantId, CancellationToken.None) is not { } tenant)
        {
            _notFound = true;
            return;
        }

        _loadedId = ProcedureId;
        _slug = procedure.Slug;
        _tenantSlug = tenant.Slug;
        var parsed = ProcedureDefinitionParser.Parse(procedure.DraftDefinitionJson);
        var definition = (parsed.Definition ?? new ProcedureDefinition { Title = new LocalizedText(procedure.TitleJa, procedure.TitleEn) }) with { Slug = procedure.Slug };
        _session = new DesignerSession(definition, Clock);
        _versions = await LoadVersionsAsync(db);
        _directory = await RouteDirectory.LoadAsync(db, CancellationToken.None);

        var user = Authentication is null ? null : (await Authentication).User;
        _previewKey = Previews.Open(tenant, user?.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "", definition);
        _locationHandler = Navigation.RegisterLocationChangingHandler(_ => new ValueTask(FlushAsync()));
    }

    /// <summary>Going straight from one procedure's designer to another's reuses this component: start over.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (_session is not null && _loadedId != ProcedureId)
        {
            await FlushAsync();
            Previews.Close(_previewKey);
            _locationHandler?.Dispose();
            if (_handle is not null)
            {
                // Its listeners hang on the old page's root element, which is about to go.
                await _handle.InvokeVoidAsync("dispose");
                await _handle.DisposeAsync();
                _handle = null;
            }

            _self?.Dispose();
            _self = null;
            _session = null;
            _notFound = false;
            _savedRevision = 0;
            _saveState = SaveState.Saved;
            _followedSelection = null;
            _showPublish = false;
            _publishMessage = null;
            await LoadAsync();
        }
    }

    private async Task<List<VersionRow>> LoadVersionsAsync(Data.AppDbContext db) =>
        await db.ProcedureVersions.AsNoTracking()
            .Where(v => v.ProcedureId == _loadedId)
            .OrderByDescending(v => v.Number)
            .Take(20)
            .Select(v => new VersionRow(v.Number, v.PublishedAt, v.ChangeNote))
            .ToListAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_session is null || _disposed)
        {
            return;
        }

        try
        {
            if (_self is null)
            {
                // Set before the first await: renders that finish meanwhile must not start a second copy.
                _self = DotNetObjectReference.Create(this);
                _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "/js/designer.js");
                _handle = await _module.InvokeAsync<IJSObjectReference>("init", _root, _self);
            }

            if (_handle is null)
            {
                return;
            }

            if (_editStarted != 0 && Logger.IsEnabled(LogLevel.Debug))
            {
                // Server work per edit (edit, check, diff) plus the loopback to the browser and back, for the bench note.
                Logger.LogDebug("Designer edit of {Fields} fields: applied and checked in {Applied:F1} ms (check {Check:F1} ms), rendered and acknowledged after {Total:F1} ms",
                    _session.Definition.AllFields.Count(), _editApplied.TotalMilliseconds, _session.LastValidation.TotalMilliseconds, Stopwatch.GetElapsedTime(_editStarted).TotalMilliseconds);
            }

            _editStarted = 0;

            if (_focusNode is { } node)
            {
                _focusNode = null;
                await _module!.InvokeVoidAsync("focusNode", _root, node);
            }

            if (_focusSelector is { } selector)
            {
                _focusSelector = null;
                await _module!.InvokeVoidAsync("focusSelector", _root, selector);
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit went away while rendering; nothing to focus.
        }
    }

    // ---- IDesignerHost ----

    public void Select(DesignerSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (_session is null)
        {
            return;
        }

        _session.Select(selection);
        FollowSelectionInPreview();
        StateHasChanged();
    }

    public void UpdateField(NodePath path, Func<FieldDefinition, FieldDefinition> update, string? coalesceKey) =>
        Apply(DefinitionEditor.UpdateField(Definition, path, update), null, coalesceKey);

    public void UpdatePage(int index, Func<PageDefinition, PageDefinition> update, string? coalesceKey)
    {
        ArgumentNullException.ThrowIfNull(update);
        Apply(DefinitionEditor.ReplacePage(Definition, index, update(Definition.Pages[index])), null, coalesceKey);
    }

    public void UpdateProcedure(Func<ProcedureDefinition, ProcedureDefinition> update, string? coalesceKey)
    {
        ArgumentNullException.ThrowIfNull(update);
        Apply(update(Definition), null, coalesceKey);
    }

    public void Replace(ProcedureDefinition definition, DesignerSelection? selection, string? coalesceKey) =>
        Apply(definition, selection, coalesceKey);

    public void Announce(string message)
    {
        // A live region repeats an identical text only when it changes; alternate an invisible mark.
        _announceToggle = !_announceToggle;
        _announcement = message + (_announceToggle ? "\u200B" : "");
        StateHasChanged();
    }

    public void FocusAfterRender(string selector) => _focusSelector = selector;

    private void Apply(ProcedureDefinition next, DesignerSelection? selection, string? coalesceKey)
    {
        if (_session is null)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        if (_session.Apply(next, selection, coalesceKey))
        {
            Changed();
            _editStarted = started;
            _editApplied = Stopwatch.GetElapsedTime(started);
        }

        FollowSelectionInPreview();
        StateHasChanged();
    }

    /// <summary>After every change of the definition: the preview sees it at once, the draft is saved shortly.</summary>
    private void Changed()
    {
        Previews.Update(_previewKey, _session!.Definition);
        _saveState = SaveState.Unsaved;
        _saveDelay?.Cancel();
        _saveDelay?.Dispose();
        _saveDelay = new CancellationTokenSource();
        _ = SaveLaterAsync(_saveDelay.Token);
    }

    /// <summary>The selected element is always visible in the outline: collapsed groups and pages around it open.</summary>
    private void RevealSelection()
    {
        if (_session!.Selection is { Kind: SelectionKind.Route, Step: >= 0 } && _collapsed.Remove(RouteCollapseKey))
        {
            _collapseVersion++;
        }

        if (_session.Selection.Path is not { } path || _collapsed.Count == 0)
        {
            return;
        }

        var opened = !path.IsPage && _collapsed.Remove("p:" + Definition.Pages[path.Page].Id);
        for (var holder = path; !holder.IsPage; holder = holder.Parent)
        {
            if (holder != path && DefinitionEditor.TryGetField(Definition, holder) is { } group)
            {
                opened |= _collapsed.Remove("f:" + group.Id);
            }
        }

        if (opened)
        {
            _collapseVersion++;
        }
    }

    /// <summary>The preview shows the selected element's page whenever the selection moves (the page list can override).</summary>
    private void FollowSelectionInPreview()
    {
        RevealSelection();
        var selection = _session!.Selection;
        if (selection.Key != _followedSelection)
        {
            _followedSelection = selection.Key;
            _previewPage = selection.Kind switch
            {
                SelectionKind.Procedure => 0,
                SelectionKind.Page or SelectionKind.Field => selection.Path!.Page + 1,
                _ => _previewPage,
            };
        }

        _previewPage = Math.Clamp(_previewPage, 0, _session.Definition.Pages.Count);
    }

    // ---- Saving ----

    private async Task SaveLaterAsync(CancellationToken cancellationToken, TimeSpan? delay = null)
    {
        try
        {
            await Task.Delay(delay ?? AutosaveDelay, Clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await InvokeAsync(() => SaveAsync(render: true));
    }

    /// <summary>Saves the draft now if it changed since the last save (leaving the page, publishing).</summary>
    [JSInvokable]
    public Task FlushAsync()
    {
        _saveDelay?.Cancel();
        return _session is not null && _session.Revision != _savedRevision ? InvokeAsync(() => SaveAsync(render: !_disposed)) : Task.CompletedTask;
    }

    private async Task SaveAsync(bool render)
    {
        if (_session is null)
        {
            return;
        }

        await _saveLock.WaitAsync();
        try
        {
            var revision = _session.Revision;
            if (revision == _savedRevision)
            {
                _saveState = SaveState.Saved;
                return;
            }

            _saveState = SaveState.Saving;
            if (render)
            {
                StateHasChanged();
            }

            await using var db = await Contexts.CreateDbContextAsync();
            var saved = await new ProcedureCatalog(db, Tenant, Clock, Cache).SaveDraftAsync(_loadedId, _session.Definition, CancellationToken.None);
            if (!saved)
            {
                _saveState = SaveState.Failed;
                return;
            }

            _savedRevision = revision;
            _saveState = _session.Revision == revision ? SaveState.Saved : SaveState.Unsaved;
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            Logger.LogWarning(e, "Saving the draft of procedure {ProcedureId} failed", _loadedId);
            _saveState = SaveState.Failed;
            if (!_disposed)
            {
                // Try again a little later; the next edit tries at once anyway.
                _saveDelay?.Dispose();
                _saveDelay = new CancellationTokenSource();
                _ = SaveLaterAsync(_saveDelay.Token, RetryDelay);
            }
        }
        finally
        {
            _saveLock.Release();
        }

        if (render)
        {
            StateHasChanged();
        }
    }

    // ---- Undo / redo ----

    [JSInvokable]
    public void Undo()
    {
        if (_session?.Undo() == true)
        {
            Changed();
            FollowSelectionInPreview();
            Announce(Ui.Get("designer.announce.undone"));
        }
    }

    [JSInvokable]
    public void Redo()
    {
        if (_session?.Redo() == true)
        {
            Changed();
            FollowSelectionInPreview();
            Announce(Ui.Get("designer.announce.redone"));
        }
    }

    // ---- Outline operations ----

    private void AddKind(FieldKind kind)
    {
        var (holder, index) = Placement(kind);
        if (holder is null)
        {
            Announce(Ui.Get("designer.announce.cannotPlace"));
            return;
        }

        var definition = Definition;
        if (holder.IsPage && holder.Page >= definition.Pages.Count)
        {
            definition = DefinitionEditor.InsertPage(definition, definition.Pages.Count, NewPage(definition));
        }

        var field = FieldKinds.Create(kind, DesignerIds.NewFieldId(definition, kind.Type), Ui);
        var placed = DefinitionEditor.Insert(definition, holder, index, field);
        Apply(placed.Definition, DesignerSelection.Of(placed.Path), null);
        Announce(Ui.Format("designer.announce.added", Ui.Get(kind.TextKey)));
        _focusSelector = kind.Type.IsStatic() ? "#prop-text-ja" : "#prop-label-ja";
    }

    /// <summary>
    /// Where a new field goes: into a selected section or repeat group (at its end), after a selected field, at the end
    /// of a selected page, else at the end of the last page. Falls back to just after a group that may not hold it.
    /// </summary>
    private (NodePath? Holder, int Index) Placement(FieldKind kind)
    {
        var definition = Definition;
        var probe = new FieldDefinition { Type = kind.Type, Fields = kind.IsContainer ? [] : null };
        var path = SelectedPath;
        if (definition.Pages.Count == 0)
        {
            return (NodePath.ForPage(0), 0);
        }

        if (path is null)
        {
            var last = NodePath.ForPage(definition.Pages.Count - 1);
            return (last, int.MaxValue);
        }

        if (path.IsPage)
        {
            return (path, int.MaxValue);
        }

        var selected = DefinitionEditor.GetField(definition, path);
        if (selected.Type.IsContainer() && DefinitionEditor.CanPlace(definition, path, probe))
        {
            return (path, int.MaxValue);
        }

        for (var at = path; !at.IsPage; at = at.Parent)
        {
            if (DefinitionEditor.CanPlace(definition, at.Parent, probe))
            {
                return (at.Parent, at.Last + 1);
            }
        }

        return (null, 0);
    }

    private PageDefinition NewPage(ProcedureDefinition definition)
    {
        var (ja, en) = Ui.Both("designer.default.page");
        var number = definition.Pages.Count + 1;
        return new PageDefinition
        {
            Id = DesignerIds.NewPageId(definition),
            Title = new LocalizedText(string.Format(CultureInfo.InvariantCulture, ja, number), string.Format(CultureInfo.InvariantCulture, en, number)),
        };
    }

    private void AddPage()
    {
        var definition = Definition;
        var index = SelectedPath is { } path ? path.Page + 1 : definition.Pages.Count;
        var page = NewPage(definition);
        var next = DefinitionEditor.InsertPage(definition, index, page);
        Apply(next, DesignerSelection.Of(NodePath.ForPage(index)), null);
        Announce(Ui.Format("designer.announce.added", page.Title.For(Lang)));
        _focusSelector = "#prop-pageTitle-ja";
    }

    private void MoveSelected(MoveKind kind)
    {
        if (SelectedStep >= 0)
        {
            MoveStep(SelectedStep, kind switch
            {
                MoveKind.Up => SelectedStep - 1,
                MoveKind.Down => SelectedStep + 1,
                _ => SelectedStep,
            });
            return;
        }

        if (SelectedPath is not { } path)
        {
            return;
        }

        if (path.IsPage)
        {
            var to = kind switch
            {
                MoveKind.Up => path.Page - 1,
                MoveKind.Down => path.Page + 1,
                _ => path.Page,
            };
            if (to < 0 || to >= Definition.Pages.Count || DefinitionEditor.MovePage(Definition, path.Page, to) is not { } moved)
            {
                Announce(Ui.Get("designer.announce.cannotMove"));
                return;
            }

            Apply(moved, DesignerSelection.Of(NodePath.ForPage(to)), null);
            Announce(Ui.Format("designer.announce.pageMoved", moved.Pages[to].Title.For(Lang), to + 1));
            _focusNode = NodePath.ForPage(to).ToString();
            return;
        }

        var result = kind switch
        {
            MoveKind.Up => DefinitionEditor.MoveUp(Definition, path),
            MoveKind.Down => DefinitionEditor.MoveDown(Definition, path),
            MoveKind.In => DefinitionEditor.MoveIn(Definition, path),
            _ => DefinitionEditor.MoveOut(Definition, path),
        };
        Moved(result);
    }

    private void Moved(MoveResult? result)
    {
        if (result is null)
        {
            Announce(Ui.Get("designer.announce.cannotMove"));
            return;
        }

        Apply(result.Definition, DesignerSelection.Of(result.Path), null);
        Announce(MovedText(result));
        _focusNode = result.Path.ToString();
    }

    /// <summary>「氏名」を2番目に移動しました / 「氏名」を「連絡先」の中の1番目に移動しました / …2ページ目の3番目….</summary>
    private string MovedText(MoveResult result)
    {
        var field = DefinitionEditor.GetField(result.Definition, result.Path);
        var name = NameOf(field);
        var position = result.Path.Last + 1;
        if (!result.Path.Parent.IsPage)
        {
            return Ui.Format("designer.announce.movedInGroup", name, NameOf(DefinitionEditor.GetField(result.Definition, result.Path.Parent)), position);
        }

        return result.Definition.Pages.Count > 1
            ? Ui.Format("designer.announce.movedInPage", name, result.Path.Page + 1, position)
            : Ui.Format("designer.announce.moved", name, position);
    }

    private string NameOf(FieldDefinition field) =>
        (field.Type.IsStatic() ? field.Text?.For(Lang) : field.Label.For(Lang)) is { Length: > 0 } text ? text : field.Id;

    private void DuplicateSelected()
    {
        if (SelectedStep >= 0)
        {
            var (duplicated, at) = RouteEditor.DuplicateStep(Definition, SelectedStep);
            Apply(duplicated, DesignerSelection.RouteStep(at), null);
            Announce(Ui.Format("designer.announce.duplicated", StepName(RouteEditor.Steps(duplicated)[at])));
            _focusNode = DesignerSelection.RouteStep(at).Key;
            return;
        }

        if (SelectedPath is not { } path)
        {
            return;
        }

        if (path.IsPage)
        {
            var next = DefinitionEditor.DuplicatePage(Definition, path.Page);
            Apply(next, DesignerSelection.Of(NodePath.ForPage(path.Page + 1)), null);
            Announce(Ui.Format("designer.announce.duplicated", next.Pages[path.Page].Title.For(Lang)));
            _focusNode = NodePath.ForPage(path.Page + 1).ToString();
            return;
        }

        var copy = DefinitionEditor.Duplicate(Definition, path);
        Apply(copy.Definition, DesignerSelection.Of(copy.Path), null);
        Announce(Ui.Format("designer.announce.duplicated", NameOf(DefinitionEditor.GetField(copy.Definition, copy.Path))));
        _focusNode = copy.Path.ToString();
    }

    private void DeleteSelected()
    {
        if (SelectedStep >= 0)
        {
            var stepName = StepName(RouteEditor.Steps(Definition)[SelectedStep]);
            var without = RouteEditor.RemoveStep(Definition, SelectedStep);
            var count = RouteEditor.Steps(without).Count;
            var select = DesignerSelection.RouteStep(count == 0 ? -1 : Math.Min(SelectedStep, count - 1));
            Apply(without, select, null);
            Announce(Ui.Format("designer.announce.deleted", stepName));
            _focusNode = select.Key;
            return;
        }

        if (SelectedPath is not { } path)
        {
            return;
        }

        if (path.IsPage)
        {
            var title = Definition.Pages[path.Page].Title.For(Lang);
            var next = DefinitionEditor.RemovePage(Definition, path.Page);
            var select = next.Pages.Count == 0 ? DesignerSelection.Procedure : DesignerSelection.Of(NodePath.ForPage(Math.Min(path.Page, next.Pages.Count - 1)));
            Apply(next, select, null);
            Announce(Ui.Format("designer.announce.deleted", title));
            _focusNode = select.Key;
            return;
        }

        var name = NameOf(DefinitionEditor.GetField(Definition, path));
        var removed = DefinitionEditor.Remove(Definition, path);
        var after = DefinitionEditor.AfterRemoval(removed, path);
        Apply(removed, DesignerSelection.Of(after), null);
        Announce(Ui.Format("designer.announce.deleted", name));
        _focusNode = after.ToString();
    }

    /// <summary>Moves the selected route step to <paramref name="to"/> and says where it went.</summary>
    private void MoveStep(int from, int to)
    {
        if (RouteEditor.MoveStep(Definition, from, to) is not { } moved)
        {
            Announce(Ui.Get("designer.announce.cannotMove"));
            return;
        }

        Apply(moved, DesignerSelection.RouteStep(to), null);
        Announce(Ui.Format("designer.route.announce.moved", StepName(RouteEditor.Steps(moved)[to]), to + 1));
        _focusNode = DesignerSelection.RouteStep(to).Key;
    }

    private string StepName(RouteStep step) => step.Label.For(Lang) is { Length: > 0 } label ? label : step.Id;

    // ---- Called by designer.js ----

    [JSInvokable]
    public void SelectNode(string key)
    {
        if (DesignerSelection.Parse(key) is { } selection)
        {
            Select(selection);
        }
    }

    /// <summary>Keys on the focused tree item: up/down/in/out (Alt+arrows), delete, expand/collapse.</summary>
    [JSInvokable]
    public void TreeKey(string key, string action)
    {
        if (_session is null || DesignerSelection.Parse(key) is not { } selection)
        {
            return;
        }

        if (selection != _session.Selection)
        {
            _session.Select(selection);
        }

        switch (action)
        {
            case "up":
                MoveSelected(MoveKind.Up);
                break;
            case "down":
                MoveSelected(MoveKind.Down);
                break;
            case "in":
                MoveSelected(MoveKind.In);
                break;
            case "out":
                MoveSelected(MoveKind.Out);
                break;
            case "delete":
                DeleteSelected();
                break;
            case "expand" or "collapse":
                Toggle(selection, action == "expand");
                break;
            default:
                break;
        }

        StateHasChanged();
    }

    private void Toggle(DesignerSelection selection, bool expand)
    {
        if (selection is { Kind: SelectionKind.Route, Step: < 0 })
        {
            if (expand ? _collapsed.Remove(RouteCollapseKey) : _collapsed.Add(RouteCollapseKey))
            {
                _collapseVersion++;
            }

            return;
        }

        if (selection.Path is not { } path)
        {
            return;
        }

        var key = path.IsPage
            ? "p:" + Definition.Pages[path.Page].Id
            : DefinitionEditor.TryGetField(Definition, path) is { } field && field.Type.IsContainer() ? "f:" + field.Id : null;
        if (key is not null && (expand ? _collapsed.Remove(key) : _collapsed.Add(key)))
        {
            _collapseVersion++;
        }
    }

    /// <summary>A tree item dropped on another: "before", "after" or "inside" it.</summary>
    [JSInvokable]
    public void DropNode(string source, string target, string position)
    {
        if (_session is null || NodePath.Parse(source) is not { } from || NodePath.Parse(target) is not { } to)
        {
            return;
        }

        if (from.IsPage)
        {
            if (!to.IsPage)
            {
                return;
            }

            var index = position == "after" ? to.Page + 1 : to.Page;
            if (index > from.Page)
            {
                index--;
            }

            if (DefinitionEditor.MovePage(Definition, from.Page, index) is { } moved)
            {
                Apply(moved, DesignerSelection.Of(NodePath.ForPage(index)), null);
                Announce(Ui.Format("designer.announce.pageMoved", moved.Pages[index].Title.For(Lang), index + 1));
            }

            return;
        }

        var (holder, at) = DropPlace(to, position);
        Moved(DefinitionEditor.Move(Definition, from, holder, at));
    }

    /// <summary>A palette entry dropped on a tree item.</summary>
    [JSInvokable]
    public void DropKind(string kindKey, string target, string position)
    {
        if (_session is null || FieldKinds.Find(kindKey) is not { } kind || NodePath.Parse(target) is not { } to)
        {
            return;
        }

        var (holder, at) = DropPlace(to, position);
        var field = FieldKinds.Create(kind, DesignerIds.NewFieldId(Definition, kind.Type), Ui);
        if (!DefinitionEditor.CanPlace(Definition, holder, field))
        {
            Announce(Ui.Get("designer.announce.cannotPlace"));
            return;
        }

        var placed = DefinitionEditor.Insert(Definition, holder, at, field);
        Apply(placed.Definition, DesignerSelection.Of(placed.Path), null);
        Announce(Ui.Format("designer.announce.added", Ui.Get(kind.TextKey)));
    }

    private (NodePath Holder, int Index) DropPlace(NodePath target, string position)
    {
        if (target.IsPage)
        {
            return (target, position == "before" ? 0 : int.MaxValue);
        }

        return position switch
        {
            "inside" when DefinitionEditor.IsHolder(Definition, target) => (target, int.MaxValue),
            "after" => (target.Parent, target.Last + 1),
            _ => (target.Parent, target.Last),
        };
    }

    // ---- Problems, publishing ----

    private string PageKey(int index)
    {
        var id = Definition.Pages[index].Id;
        var occurrence = Definition.Pages.Take(index).Count(p => p.Id == id);
        return occurrence == 0 ? "page:" + id : $"page:{id}#{occurrence}";
    }

    private string Where(ProblemTarget target) => target.Kind switch
    {
        ProblemTargetKind.Field when DefinitionEditor.TryGetField(Definition, target.Path!) is { } field => NameOf(field),
        ProblemTargetKind.Page when target.Path!.Page < Definition.Pages.Count => Ui.Format("designer.preview.pageOption", target.Path.Page + 1, Definition.Pages[target.Path.Page].Title.For(Lang)),
        ProblemTargetKind.Check => Ui.Format("designer.checks.item", target.CheckIndex + 1),
        ProblemTargetKind.Route when target.StepIndex >= 0 && target.StepIndex < RouteEditor.Steps(Definition).Count =>
            Ui.Format("designer.route.where", StepName(RouteEditor.Steps(Definition)[target.StepIndex])),
        ProblemTargetKind.Route => Ui.Get("designer.route.title"),
        _ => Ui.Get("designer.outline.procedure"),
    };

    private void GoTo(LocatedProblem problem)
    {
        Select(DesignerProblems.SelectionFor(problem.Target).ClampTo(Definition));
        _focusNode = _session!.Selection.Key;
    }

    /// <summary>Why this maker may not publish yet (the certification the organisation requires), or null.</summary>
    private Madoguchi.Core.Procedures.LocalizedText? _publishRefusal;

    private async Task TogglePublishAsync()
    {
        _showPublish = !_showPublish;
        _publishMessage = null;
        if (_showPublish)
        {
            await using var db = await Contexts.CreateDbContextAsync();
            _versions = await LoadVersionsAsync(db);
            _publishRefusal = await new ProcedureCatalog(db, Tenant, Clock, Cache).PublishRefusalAsync(Actor, CancellationToken.None);
            _focusSelector = "#publish-note";
        }
    }

    private async Task PublishAsync()
    {
        if (_session is null || _session.Problems.Count > 0 || _publishing)
        {
            return;
        }

        _publishing = true;
        _publishMessage = null;
        try
        {
            _saveDelay?.Cancel();
            await SaveAsync(render: true);
            if (_saveState != SaveState.Saved)
            {
                _publishFailed = true;
                _publishMessage = Ui.Get("designer.publish.failed");
                return;
            }

            await using var db = await Contexts.CreateDbContextAsync();
            var result = await new ProcedureCatalog(db, Tenant, Clock, Cache).PublishAsync(_slug, Actor, _note, CancellationToken.None);
            if (result.Version is { } version)
            {
                _publishFailed = false;
                _publishMessage = Ui.Format("designer.publish.done", version.Number);
                _note = "";
                _versions = await LoadVersionsAsync(db);
            }
            else
            {
                _publishFailed = true;
                _publishMessage = result.Refused is { } refused ? refused.For(Lang)
                    : result.Problems.Count > 0 ? Ui.Format("designer.publish.blocked", result.Problems.Count)
                    : Ui.Get("designer.publish.failed");
            }
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException)
        {
            Logger.LogWarning(e, "Publishing procedure {ProcedureId} failed", ProcedureId);
            _publishFailed = true;
            _publishMessage = Ui.Get("designer.publish.failed");
        }
        finally
        {
            _publishing = false;
        }

        Announce(_publishMessage!);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _locationHandler?.Dispose();
        try
        {
            await FlushAsync();
        }
        catch (ObjectDisposedException)
        {
            // The circuit's services went first; the last seconds of edits are lost, as when the browser dies.
        }

        Previews.Close(_previewKey);
        try
        {
            if (_handle is not null)
            {
                await _handle.InvokeVoidAsync("dispose");
                await _handle.DisposeAsync();
            }

            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; its listeners went with it.
        }

        _self?.Dispose();
        _saveDelay?.Cancel();
        _saveDelay?.Dispose();
        _saveLock.Dispose();
    }
}
