namespace Madoguchi.Server.Features.Designer;

/// <summary>
/// Undo and redo over immutable snapshots. A push after an undo drops the redo branch. Pushes with the same
/// coalescing key within <see cref="CoalesceWindow"/> of each other replace the newest entry instead of adding one, so
/// typing a label in several pauses is one undo step, not one per pause.
/// </summary>
public sealed class DesignerHistory<T>
    where T : class
{
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromSeconds(2);

    private readonly List<Entry> _entries = [];
    private readonly int _capacity;
    private int _index;

    private sealed record Entry(T State, string? Key, DateTimeOffset At);

    public DesignerHistory(T initial, int capacity = 200)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _capacity = capacity;
        _entries.Add(new Entry(initial, null, DateTimeOffset.MinValue));
    }

    public T Current => _entries[_index].State;

    public bool CanUndo => _index > 0;

    public bool CanRedo => _index < _entries.Count - 1;

    /// <summary>Number of states held (for tests and diagnostics).</summary>
    public int Count => _entries.Count;

    public void Push(T state, string? coalesceKey, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (CanRedo)
        {
            _entries.RemoveRange(_index + 1, _entries.Count - _index - 1);
        }

        var top = _entries[_index];
        if (coalesceKey is not null && _index > 0 && top.Key == coalesceKey && at - top.At <= CoalesceWindow)
        {
            _entries[_index] = new Entry(state, coalesceKey, at);
            return;
        }

        _entries.Add(new Entry(state, coalesceKey, at));
        if (_entries.Count > _capacity)
        {
            _entries.RemoveAt(0);
        }

        _index = _entries.Count - 1;
    }

    /// <summary>Replaces the current state without making an undo step (e.g. only the selection changed).</summary>
    public void ReplaceCurrent(T state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var top = _entries[_index];
        _entries[_index] = top with { State = state };
    }

    /// <summary>Steps back; the state to show (unchanged when there is nothing to undo).</summary>
    public T Undo()
    {
        if (CanUndo)
        {
            _index--;
        }

        return Current;
    }

    public T Redo()
    {
        if (CanRedo)
        {
            _index++;
        }

        return Current;
    }

    /// <summary>Ends coalescing: the next push makes a new step even with the same key.</summary>
    public void Seal()
    {
        var top = _entries[_index];
        _entries[_index] = top with { Key = null };
    }
}
