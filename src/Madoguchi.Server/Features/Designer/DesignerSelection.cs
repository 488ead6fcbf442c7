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
}

/// <summary>What the properties panel shows: the procedure, its checks, a page or a field (by position).</summary>
public sealed record DesignerSelection(SelectionKind Kind, NodePath? Path = null)
{
    public static readonly DesignerSelection Procedure = new(SelectionKind.Procedure);

    public static readonly DesignerSelection Checks = new(SelectionKind.Checks);

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
        _ => Path!.ToString(),
    };

    public static DesignerSelection? Parse(string? key) => key switch
    {
        "procedure" => Procedure,
        "checks" => Checks,
        _ => NodePath.Parse(key) is { } path ? Of(path) : null,
    };

    /// <summary>The selection if it still points at something in <paramref name="definition"/>, else the nearest thing that exists.</summary>
    public DesignerSelection ClampTo(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
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
