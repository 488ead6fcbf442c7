using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

public enum SelectionKind
{
    /// <summary>The procedure's own settings (title, department, contact, …).</summary>
    Procedure,

    /// <summary>The cross-field checks of the procedure.</summary>
    Checks,

    Page,
    Field,

    /// <summary>The procedure's document templates (「文書」: notices and the applicant's copy).</summary>
    Documents,

    /// <summary>The approval route: its settings and preview (<see cref="DesignerSelection.Step"/> -1) or one step.</summary>
    Route,
}

/// <summary>What the properties panel shows: the procedure, its checks, a page, a field (by position), the route or one of its steps.</summary>
public sealed record DesignerSelection(SelectionKind Kind, NodePath? Path = null, int Step = -1)
{
    public static readonly DesignerSelection Procedure = new(SelectionKind.Procedure);

    public static readonly DesignerSelection Checks = new(SelectionKind.Checks);

    public static readonly DesignerSelection Documents = new(SelectionKind.Documents);

    /// <summary>The route's settings (<paramref name="step"/> -1) or the step at that index.</summary>
    public static DesignerSelection RouteStep(int step) => new(SelectionKind.Route, null, Math.Max(step, -1));

    public static DesignerSelection Of(NodePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new DesignerSelection(path.IsPage ? SelectionKind.Page : SelectionKind.Field, path);
    }

    /// <summary>A stable text form for the DOM (data-node) and for keys: "procedure", "checks" or the path.</summary>
    public string Key => Kind switch
    {
        SelectionKind.Procedure => "procedure",
        SelectionKind.Checks => "checks",
        SelectionKind.Documents => "documents",
        SelectionKind.Route => Step < 0 ? "route" : "route:" + Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Path!.ToString(),
    };

    public static DesignerSelection? Parse(string? key) => key switch
    {
        "procedure" => Procedure,
        "checks" => Checks,
        "documents" => Documents,
        "route" => RouteStep(-1),
        not null when key.StartsWith("route:", StringComparison.Ordinal) =>
            int.TryParse(key.AsSpan(6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var step) ? RouteStep(step) : null,
        _ => NodePath.Parse(key) is { } path ? Of(path) : null,
    };

    /// <summary>The selection if it still points at something in <paramref name="definition"/>, else the nearest thing that exists.</summary>
    public DesignerSelection ClampTo(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Kind == SelectionKind.Route)
        {
            return Step < RouteEditor.Steps(definition).Count ? this : RouteStep(RouteEditor.Steps(definition).Count - 1);
        }

        if (Path is null)
        {
            return this;
        }

        if (definition.Pages.Count == 0)
        {
            return Procedure;
        }

        var path = Path;
        if (path.Page >= definition.Pages.Count)
        {
            return Of(NodePath.ForPage(definition.Pages.Count - 1));
        }

        while (!path.IsPage && DefinitionEditor.TryGetField(definition, path) is null)
        {
            path = path.Parent;
        }

        return Of(path);
    }
}

/// <summary>One step of the undo history: the definition and what was selected when it was made.</summary>
public sealed record DesignerSnapshot(ProcedureDefinition Definition, DesignerSelection Selection);
