package io.github.alexnet4j.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Makes a subclass instance of a built DL4J layer configuration. DL4J's layer configurations are made by
 * their builders (DenseLayer's builder constructor is private), so the subclass copies every field the
 * builder set, from the DL4J class up.
 */
final class LayerFields {

    private LayerFields() {
    }

    static <T, S extends T> S copy(Class<T> dl4jClass, T built, S target) {
        for (Class<?> c = dl4jClass; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                try {
                    f.setAccessible(true);
                    f.set(target, f.get(built));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy " + c.getSimpleName() + "." + f.getName(), e);
                }
            }
        }
        return target;
    }
}
