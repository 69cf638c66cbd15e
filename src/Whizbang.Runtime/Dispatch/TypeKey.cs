using System.Runtime.CompilerServices;

namespace Whizbang.Dispatch;

/// <summary>
/// Identifies a runtime type by its type handle (the method table pointer), read straight from an object's
/// header. <c>obj.GetType()</c> would first materialize the <see cref="Type"/> object, a call and several
/// dependent loads on every dispatch; the handle is the first word of every object on CoreCLR and NativeAOT alike.
/// </summary>
internal static class TypeKey
{
    public static nint Of(Type type) => type.TypeHandle.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Of(object value)
    {
        ref var data = ref Unsafe.As<RawObject>(value).FirstByte;
        return Unsafe.Add(ref Unsafe.As<byte, nint>(ref data), -1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Of<T>() => RuntimeTypeHandle.ToIntPtr(typeof(T).TypeHandle);

    // The layout every object shares: a type handle, then the first byte of its data.
    private sealed class RawObject
    {
#pragma warning disable CS0649 // never written: only its address is taken
        public byte FirstByte;
#pragma warning restore CS0649
    }
}
