using System.Globalization;

namespace Madoguchi.Server.Features.Designer;

/// <summary>
/// Where an element of a definition sits: a page (no indices), or a field given by its index in the page and then in
/// each enclosing section or repeat group. Paths are positions, not identities: they change when things move.
/// </summary>
public sealed class NodePath : IEquatable<NodePath>
{
    private readonly int[] _indices;

    public NodePath(int page, params int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        Page = page;
        _indices = [.. indices];
        if (_indices.Any(i => i < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(indices), "Indices cannot be negative.");
        }
    }

    public static NodePath ForPage(int page) => new(page);

    public int Page { get; }

    public IReadOnlyList<int> Indices => _indices;

    public bool IsPage => _indices.Length == 0;

    /// <summary>0 for a page, 1 for a field on the page, 2 for a field inside a top-level section, …</summary>
    public int Depth => _indices.Length;

    /// <summary>The index among its siblings (fields only).</summary>
    public int Last => _indices.Length > 0 ? _indices[^1] : throw new InvalidOperationException("A page path has no field index.");

    /// <summary>The page or container holding this field.</summary>
    public NodePath Parent => _indices.Length > 0 ? new NodePath(Page, _indices[..^1]) : throw new InvalidOperationException("A page has no parent.");

    public NodePath Child(int index) => new(Page, [.. _indices, index]);

    public NodePath WithLast(int index) => Parent.Child(index);

    /// <summary>True when <paramref name="other"/> lies strictly inside this element.</summary>
    public bool IsAncestorOf(NodePath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Page != Page || other._indices.Length <= _indices.Length)
        {
            return false;
        }

        for (var i = 0; i < _indices.Length; i++)
        {
            if (other._indices[i] != _indices[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"2" for the third page, "2.0.4" for the fifth field of the first section of that page.</summary>
    public override string ToString() =>
        _indices.Length == 0
            ? Page.ToString(CultureInfo.InvariantCulture)
            : Page.ToString(CultureInfo.InvariantCulture) + "." + string.Join('.', _indices.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    public static NodePath? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = text.Split('.');
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return new NodePath(numbers[0], numbers[1..]);
    }

    public bool Equals(NodePath? other) =>
        other is not null && other.Page == Page && other._indices.AsSpan().SequenceEqual(_indices);

    public override bool Equals(object? obj) => Equals(obj as NodePath);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Page);
        foreach (var i in _indices)
        {
            hash.Add(i);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(NodePath? left, NodePath? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(NodePath? left, NodePath? right) => !(left == right);
}
