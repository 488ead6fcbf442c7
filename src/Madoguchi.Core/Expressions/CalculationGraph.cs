namespace Madoguchi.Core.Expressions;

/// <summary>
/// A calculated field: its id (<c>total</c>, or <c>group.column</c> for a column of a repeat group), its expression,
/// and the repeat group whose rows it is computed in (null for a top-level field).
/// </summary>
public sealed record CalculatedField(string Id, Expr Expression, string? RowGroup = null);

/// <summary>Calculated fields that depend on each other in a circle; <see cref="Path"/> starts and ends with the same id.</summary>
public sealed record CalculationCycle(IReadOnlyList<string> Path, string MessageJa, string MessageEn)
{
    /// <summary>The cycle written as <c>a → b → a</c>.</summary>
    public string Text => string.Join(" → ", Path);
}

/// <summary>
/// In which order to compute calculated fields (each after the calculated fields it reads), and the cycles that
/// prevent it. Fields on a cycle are not in <see cref="Order"/>: they are never computed and stay blank, and a
/// definition with cycles should not be published.
/// </summary>
public sealed record CalculationPlan(IReadOnlyList<string> Order, IReadOnlyList<CalculationCycle> Cycles)
{
    public bool HasCycles => Cycles.Count > 0;
}

/// <summary>Finds the dependencies between calculated fields, their evaluation order and their cycles.</summary>
public static class CalculationGraph
{
    /// <param name="fields">The calculated fields, in definition order (the order is kept where dependencies allow).</param>
    /// <param name="schema">
    /// The form's fields, used to tell whether a bare id inside a row means the row's own column. Without it, a bare
    /// id inside a row means the row's column when that column is itself calculated.
    /// </param>
    public static CalculationPlan Analyze(IReadOnlyList<CalculatedField> fields, IExprSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var ids = fields.Select(f => f.Id).ToArray();
        var known = new HashSet<string>(ids, StringComparer.Ordinal);
        var edges = new List<int>[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            edges[i] = [];
            foreach (var reference in ExprDependencies.Of(fields[i].Expression))
            {
                var path = Resolve(reference.Path, fields[i].RowGroup, schema, known);
                for (var j = 0; j < ids.Length; j++)
                {
                    if (Reads(path, ids[j]) && !edges[i].Contains(j))
                    {
                        edges[i].Add(j);
                    }
                }
            }
        }

        var components = StronglyConnected(edges);
        var onCycle = new bool[fields.Count];
        var cycles = new List<CalculationCycle>();
        foreach (var component in components)
        {
            if (component.Count == 1 && !edges[component[0]].Contains(component[0]))
            {
                continue;
            }

            foreach (var node in component)
            {
                onCycle[node] = true;
            }

            var path = CyclePath(component.Min(), edges, [.. component]).Select(n => ids[n]).ToList();
            var message = ExprMessages.Cycle(string.Join(" → ", path));
            cycles.Add(new CalculationCycle(path, message.Ja, message.En));
        }

        cycles.Sort((a, b) => Array.IndexOf(ids, a.Path[0]).CompareTo(Array.IndexOf(ids, b.Path[0])));

        var order = new List<string>();
        var done = new bool[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            Visit(i);
        }

        return new CalculationPlan(order, cycles);

        void Visit(int node)
        {
            if (done[node] || onCycle[node])
            {
                return;
            }

            done[node] = true;
            foreach (var next in edges[node])
            {
                Visit(next);
            }

            order.Add(ids[node]);
        }
    }

    /// <summary>The absolute dotted path of a reference written in a field computed in <paramref name="rowGroup"/>.</summary>
    private static string Resolve(string path, string? rowGroup, IExprSchema? schema, HashSet<string> calculated)
    {
        if (rowGroup is null)
        {
            return path;
        }

        var root = path.Split('.')[0];
        var inRow = schema is not null
            ? schema.TypeOf(rowGroup)?.Element?.Member(root) is not null
            : calculated.Contains(rowGroup + "." + root);
        return inRow ? rowGroup + "." + path : path;
    }

    /// <summary>Reading <paramref name="path"/> reads calculated field <paramref name="id"/> when one contains the other.</summary>
    private static bool Reads(string path, string id) =>
        path == id
        || (path.StartsWith(id, StringComparison.Ordinal) && path[id.Length] == '.')
        || (id.StartsWith(path, StringComparison.Ordinal) && id[path.Length] == '.');

    /// <summary>A shortest cycle through <paramref name="start"/> inside its component (breadth-first), start repeated at the end.</summary>
    private static List<int> CyclePath(int start, List<int>[] edges, HashSet<int> component)
    {
        var previous = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in edges[node])
            {
                if (next == start)
                {
                    var path = new List<int> { start };
                    for (var n = node; n != start; n = previous[n])
                    {
                        path.Add(n);
                    }

                    path.Add(start);
                    path.Reverse(1, path.Count - 2);
                    return path;
                }

                if (component.Contains(next) && next != start && previous.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return [start, start];
    }

    /// <summary>Tarjan's strongly connected components.</summary>
    private static List<List<int>> StronglyConnected(List<int>[] edges)
    {
        var index = new int[edges.Length];
        var low = new int[edges.Length];
        var onStack = new bool[edges.Length];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var result = new List<List<int>>();
        var counter = 0;
        for (var i = 0; i < edges.Length; i++)
        {
            if (index[i] < 0)
            {
                Connect(i);
            }
        }

        return result;

        void Connect(int v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack[v] = true;
            foreach (var w in edges[v])
            {
                if (index[w] < 0)
                {
                    Connect(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack[w])
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<int>();
                int w;
                do
                {
                    w = stack.Pop();
                    onStack[w] = false;
                    component.Add(w);
                }
                while (w != v);
                result.Add(component);
            }
        }
    }
}
