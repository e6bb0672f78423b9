using System.Text;

namespace Maas.Onnx.Inspection;

/// <summary>
/// Reads protobuf's wire format from a stream field by field, skipping what the caller does not descend into (by
/// seeking when the stream can), so walking a model costs one small buffer whatever its size. Damage surfaces as
/// <see cref="InvalidDataException"/> or <see cref="EndOfStreamException"/>, as the generated parser's would.
/// </summary>
internal sealed class WireReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int Length = 2;
    public const int StartGroup = 3;
    public const int EndGroup = 4;
    public const int Fixed32 = 5;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _offset;
    private int _count;

    public WireReader(Stream stream) => _stream = stream;

    /// <summary>The offset of the next byte, from where the reader started.</summary>
    public long Position { get; private set; }

    /// <summary>
    /// Reads the next tag of a message that ends at <paramref name="end"/> (<see cref="long.MaxValue"/> for the
    /// top-level message, which ends with the stream); <c>false</c> at its end.
    /// </summary>
    public bool TryReadTag(long end, out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (Position >= end || (end == long.MaxValue && _offset == _count && !Fill()))
        {
            return false;
        }

        var tag = ReadVarint();
        field = (int)Math.Min(tag >> 3, int.MaxValue);
        wireType = (int)(tag & 7);
        if (field == 0)
        {
            throw new InvalidDataException("A protobuf tag has field number 0.");
        }

        return true;
    }

    /// <summary>Reads a length prefix and returns where the delimited bytes end, checked against the enclosing end.</summary>
    public long ReadEnd(long enclosingEnd)
    {
        var length = ReadVarint();
        if (length > (ulong)(enclosingEnd - Position))
        {
            throw new InvalidDataException("A length-delimited field runs past the message that holds it.");
        }

        return Position + (long)length;
    }

    /// <summary>Reads the UTF-8 text from here to <paramref name="end"/>, the end <see cref="ReadEnd"/> returned.</summary>
    public string ReadStringTo(long end)
    {
        var length = checked((int)(end - Position));
        if (length > _count - _offset)
        {
            return Encoding.UTF8.GetString(ReadExactly(length));
        }

        var text = Encoding.UTF8.GetString(_buffer, _offset, length);
        _offset += length;
        Position += length;
        return text;
    }

    /// <summary>Skips the value of a field whose tag was just read.</summary>
    public void Skip(int field, int wireType, long enclosingEnd)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                SkipBytes(8);
                break;
            case Fixed32:
                SkipBytes(4);
                break;
            case Length:
                SkipTo(ReadEnd(enclosingEnd));
                break;
            case StartGroup:
                SkipGroup(field, enclosingEnd);
                break;
            default:
                throw new InvalidDataException($"A protobuf field has wire type {wireType}, which does not exist.");
        }
    }

    /// <summary>Moves to <paramref name="end"/>, the end of a message the caller stops reading.</summary>
    public void SkipTo(long end) => SkipBytes(end - Position);

    private void SkipGroup(int field, long enclosingEnd)
    {
        // Groups are long deprecated and no ONNX writer emits them, but the generated parser skips them, so this does
        // too; a group nested in a group is skipped by the same loop, one level at a time.
        var open = new Stack<int>();
        open.Push(field);
        while (open.Count > 0)
        {
            if (!TryReadTag(enclosingEnd, out var inner, out var wireType))
            {
                throw new EndOfStreamException("A protobuf group is not closed.");
            }

            if (wireType == EndGroup)
            {
                _ = open.Pop() == inner ? 0 : throw new InvalidDataException("A protobuf group is closed by another field.");
            }
            else if (wireType == StartGroup)
            {
                open.Push(inner);
            }
            else
            {
                Skip(inner, wireType, enclosingEnd);
            }
        }
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A protobuf varint is longer than ten bytes.");
    }

    private byte ReadByte()
    {
        if (_offset == _count && !Fill())
        {
            throw new EndOfStreamException("The protobuf message ends in the middle of a field.");
        }

        Position++;
        return _buffer[_offset++];
    }

    private byte[] ReadExactly(int length)
    {
        var bytes = new byte[length];
        var buffered = _count - _offset;
        _buffer.AsSpan(_offset, buffered).CopyTo(bytes);
        _offset = _count;
        _stream.ReadExactly(bytes, buffered, length - buffered);
        Position += length;
        return bytes;
    }

    private void SkipBytes(long count)
    {
        var buffered = Math.Min(count, _count - _offset);
        _offset += (int)buffered;
        Position += buffered;
        var remaining = count - buffered;
        if (remaining == 0)
        {
            return;
        }

        if (_stream.CanSeek)
        {
            if (_stream.Length - _stream.Position < remaining)
            {
                throw new EndOfStreamException("The protobuf message ends in the middle of a field.");
            }

            _stream.Seek(remaining, SeekOrigin.Current);
            Position += remaining;
            return;
        }

        while (remaining > 0)
        {
            if (!Fill())
            {
                throw new EndOfStreamException("The protobuf message ends in the middle of a field.");
            }

            var step = (int)Math.Min(remaining, _count);
            _offset = step;
            Position += step;
            remaining -= step;
        }
    }

    private bool Fill()
    {
        _offset = 0;
        _count = _stream.Read(_buffer, 0, _buffer.Length);
        return _count > 0;
    }
}
