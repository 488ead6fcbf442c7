using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

/// <summary>A move that happened: the new definition and where the moved element is now.</summary>
public sealed record MoveResult(ProcedureDefinition Definition, NodePath Path);

/// <summary>
/// Pure edits of a definition. Definitions are immutable records, so each edit returns a new definition that shares
/// every untouched page and field with the old one: only the edited element and its ancestors are new objects. That
/// keeps undo snapshots cheap and lets the outline re-render only what changed (it compares references).
/// </summary>
public static class DefinitionEditor
{
    public static FieldDefinition? TryGetField(ProcedureDefinition definition, NodePath path)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsPage || path.Page >= definition.Pages.Count)
        {
            return null;
        }

        IReadOnlyList<FieldDefinition>? list = definition.Pages[path.Page].Fields;
        FieldDefinition? field = null;
        foreach (var index in path.Indices)
        {
            if (list is null || index >= list.Count)
            {
                return null;
            }

            field = list[index];
            list = field.Fields;
        }

        return field;
    }

    public static FieldDefinition GetField(ProcedureDefinition definition, NodePath path) =>
        TryGetField(definition, path) ?? throw new ArgumentOutOfRangeException(nameof(path), path, "No field at this path.");

    /// <summary>Whether the path names a page or a section/repeat group: something that holds fields.</summary>
    public static bool IsHolder(ProcedureDefinition definition, NodePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.IsPage ? path.Page < definition.Pages.Count : TryGetField(definition, path)?.Type.IsContainer() == true;
    }

    /// <summary>The fields directly inside a page or container.</summary>
    public static IReadOnlyList<FieldDefinition> ChildrenOf(ProcedureDefinition definition, NodePath holder)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(holder);
        return holder.IsPage ? definition.Pages[holder.Page].Fields : GetField(definition, holder).Fields ?? [];
    }

    public static ProcedureDefinition WithChildren(ProcedureDefinition definition, NodePath holder, IReadOnlyList<FieldDefinition> children)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(holder);
        if (holder.IsPage)
        {
            return ReplacePage(definition, holder.Page, definition.Pages[holder.Page] with { Fields = children });
        }

        return ReplaceField(definition, holder, GetField(definition, holder) with { Fields = children });
    }

    public static ProcedureDefinition ReplaceField(ProcedureDefinition definition, NodePath path, FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(field);
        var siblings = ChildrenOf(definition, path.Parent);
        if (ReferenceEquals(siblings[path.Last], field))
        {
            return definition;
        }

        var copy = siblings.ToArray();
        copy[path.Last] = field;
        return WithChildren(definition, path.Parent, copy);
    }

    public static ProcedureDefinition ReplacePage(ProcedureDefinition definition, int index, PageDefinition page)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(page);
        if (ReferenceEquals(definition.Pages[index], page))
        {
            return definition;
        }

        var pages = definition.Pages.ToArray();
        pages[index] = page;
        return definition with { Pages = pages };
    }

    public static ProcedureDefinition UpdateField(ProcedureDefinition definition, NodePath path, Func<FieldDefinition, FieldDefinition> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return ReplaceField(definition, path, update(GetField(definition, path)));
    }

    /// <summary>Inserts a field into a page or container at <paramref name="index"/> (clamped); returns where it went.</summary>
    public static MoveResult Insert(ProcedureDefinition definition, NodePath holder, int index, FieldDefinition field)
    {
        var children = ChildrenOf(definition, holder);
        index = Math.Clamp(index, 0, children.Count);
        var list = children.ToList();
        list.Insert(index, field);
        return new MoveResult(WithChildren(definition, holder, list), holder.Child(index));
    }

    public static ProcedureDefinition Remove(ProcedureDefinition definition, NodePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var list = ChildrenOf(definition, path.Parent).ToList();
        list.RemoveAt(path.Last);
        return WithChildren(definition, path.Parent, list);
    }

    /// <summary>What to select after <paramref name="path"/> was removed: the next sibling, else the previous one, else the holder.</summary>
    public static NodePath AfterRemoval(ProcedureDefinition definition, NodePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var count = ChildrenOf(definition, path.Parent).Count;
        if (path.Last < count)
        {
            return path;
        }

        return count > 0 ? path.WithLast(count - 1) : path.Parent;
    }

    /// <summary>A copy of the field (new ids throughout) placed right after it.</summary>
    public static MoveResult Duplicate(ProcedureDefinition definition, NodePath path)
    {
        var copy = DesignerIds.WithNewIds(GetField(definition, path), DesignerIds.Used(definition));
        return Insert(definition, path.Parent, path.Last + 1, copy);
    }

    /// <summary>
    /// Whether <paramref name="field"/> may sit directly inside <paramref name="holder"/>: no repeat group or file inside
    /// a repeat group, and sections nested at most <see cref="FieldDefaults.MaxSectionDepth"/> deep (as the parser requires).
    /// </summary>
    public static bool CanPlace(ProcedureDefinition definition, NodePath holder, FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(field);
        if (!IsHolder(definition, holder))
        {
            return false;
        }

        var insideRepeat = false;
        for (var p = holder; !p.IsPage; p = p.Parent)
        {
            insideRepeat |= GetField(definition, p).Type == FieldType.Repeat;
        }

        if (insideRepeat && FieldDefinition.Flatten([field], intoRepeats: true).Any(f => f.Type is FieldType.Repeat or FieldType.File))
        {
            return false;
        }

        // A container whose path has L indices reads its children at nesting depth L, which must stay below the limit.
        return holder.Depth + ContainerLevels(field) <= FieldDefaults.MaxSectionDepth;
    }

    private static int ContainerLevels(FieldDefinition field) =>
        field.Type.IsContainer() ? 1 + (field.Fields ?? []).Select(ContainerLevels).DefaultIfEmpty(0).Max() : 0;

    /// <summary>
    /// Moves a field into <paramref name="holder"/> at <paramref name="index"/>, where the index counts the holder's
    /// children as they are before the move (so "before the third" is 2 wherever the field comes from). Null when the
    /// move is not allowed (into itself, or a placement the format forbids) or changes nothing.
    /// </summary>
    public static MoveResult? Move(ProcedureDefinition definition, NodePath from, NodePath holder, int index)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(holder);
        if (from.IsPage || TryGetField(definition, from) is not { } field || holder == from || from.IsAncestorOf(holder) || !IsHolder(definition, holder))
        {
            return null;
        }

        var sameHolder = holder == from.Parent;
        if (!sameHolder && !CanPlace(definition, holder, field))
        {
            return null;
        }

        index = Math.Clamp(index, 0, ChildrenOf(definition, holder).Count);
        if (sameHolder && (index == from.Last || index == from.Last + 1))
        {
            return null;
        }

        var removed = Remove(definition, from);
        var target = AdjustForRemoval(holder, from);
        if (sameHolder && index > from.Last)
        {
            index--;
        }

        return Insert(removed, target, index, field);
    }

    /// <summary>The same holder's path once the field at <paramref name="removed"/> is gone (later siblings shift up).</summary>
    private static NodePath AdjustForRemoval(NodePath path, NodePath removed)
    {
        if (path.Page != removed.Page || path.Depth < removed.Depth)
        {
            return path;
        }

        var level = removed.Depth - 1;
        for (var i = 0; i < level; i++)
        {
            if (path.Indices[i] != removed.Indices[i])
            {
                return path;
            }
        }

        if (path.Indices[level] <= removed.Last)
        {
            return path;
        }

        var indices = path.Indices.ToArray();
        indices[level]--;
        return new NodePath(path.Page, indices);
    }

    /// <summary>
    /// One step up in reading order: before the previous sibling; the first of a group leaves the group (placed just
    /// before it); the first of a page goes to the end of the previous page.
    /// </summary>
    public static MoveResult? MoveUp(ProcedureDefinition definition, NodePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsPage)
        {
            return null;
        }

        if (path.Last > 0)
        {
            return Move(definition, path, path.Parent, path.Last - 1);
        }

        if (!path.Parent.IsPage)
        {
            return Move(definition, path, path.Parent.Parent, path.Parent.Last);
        }

        return path.Page > 0 ? Move(definition, path, NodePath.ForPage(path.Page - 1), int.MaxValue) : null;
    }

    /// <summary>One step down: after the next sibling; the last of a group leaves it (just after); the last of a page goes to the top of the next.</summary>
    public static MoveResult? MoveDown(ProcedureDefinition definition, NodePath path)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsPage)
        {
            return null;
        }

        var count = ChildrenOf(definition, path.Parent).Count;
        if (path.Last < count - 1)
        {
            return Move(definition, path, path.Parent, path.Last + 2);
        }

        if (!path.Parent.IsPage)
        {
            return Move(definition, path, path.Parent.Parent, path.Parent.Last + 1);
        }

        return path.Page < definition.Pages.Count - 1 ? Move(definition, path, NodePath.ForPage(path.Page + 1), 0) : null;
    }

    /// <summary>Into the section or repeat group just above, as its last field.</summary>
    public static MoveResult? MoveIn(ProcedureDefinition definition, NodePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsPage || path.Last == 0)
        {
            return null;
        }

        var previous = path.WithLast(path.Last - 1);
        return IsHolder(definition, previous) ? Move(definition, path, previous, int.MaxValue) : null;
    }

    /// <summary>Out of its section or repeat group, just after it.</summary>
    public static MoveResult? MoveOut(ProcedureDefinition definition, NodePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.IsPage || path.Parent.IsPage)
        {
            return null;
        }

        return Move(definition, path, path.Parent.Parent, path.Parent.Last + 1);
    }

    public static ProcedureDefinition InsertPage(ProcedureDefinition definition, int index, PageDefinition page)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var pages = definition.Pages.ToList();
        pages.Insert(Math.Clamp(index, 0, pages.Count), page);
        return definition with { Pages = pages };
    }

    public static ProcedureDefinition RemovePage(ProcedureDefinition definition, int index)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var pages = definition.Pages.ToList();
        pages.RemoveAt(index);
        return definition with { Pages = pages };
    }

    /// <summary>Moves a page to <paramref name="to"/> (its index after the move); null when nothing changes.</summary>
    public static ProcedureDefinition? MovePage(ProcedureDefinition definition, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(definition);
        to = Math.Clamp(to, 0, definition.Pages.Count - 1);
        if (from == to || from < 0 || from >= definition.Pages.Count)
        {
            return null;
        }

        var pages = definition.Pages.ToList();
        var page = pages[from];
        pages.RemoveAt(from);
        pages.Insert(to, page);
        return definition with { Pages = pages };
    }

    /// <summary>A copy of the page (new page and field ids; branches kept) placed after it.</summary>
    public static ProcedureDefinition DuplicatePage(ProcedureDefinition definition, int index)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var used = DesignerIds.Used(definition);
        var page = definition.Pages[index];
        var copy = page with
        {
            Id = DesignerIds.Next("page", used),
            Fields = [.. page.Fields.Select(f => DesignerIds.WithNewIds(f, used))],
        };
        return InsertPage(definition, index + 1, copy);
    }

    /// <summary>Every field on a page with its path, in reading order (containers before their contents).</summary>
    public static IEnumerable<(NodePath Path, FieldDefinition Field)> Walk(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        for (var p = 0; p < definition.Pages.Count; p++)
        {
            foreach (var item in Walk(definition.Pages[p].Fields, NodePath.ForPage(p)))
            {
                yield return item;
            }
        }
    }

    private static IEnumerable<(NodePath Path, FieldDefinition Field)> Walk(IReadOnlyList<FieldDefinition> fields, NodePath holder)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var path = holder.Child(i);
            yield return (path, fields[i]);
            if (fields[i].Fields is { } children)
            {
                foreach (var item in Walk(children, path))
                {
                    yield return item;
                }
            }
        }
    }
}
