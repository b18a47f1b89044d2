package dev.sift.functions;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Marks the functions whose client errors the direct Lambda binding answers as values
 * ({@code {"error": {...}}}) rather than as function errors: Lambda counts a thrown exception in
 * {@code Errors}, which alarms and rolls canaries back, so a caller's bad input must not throw.
 * The interceptor exists only in the direct build (src/lambda/java); over HTTP the binding has no
 * effect and {@link HttpErrorResponder} answers 400.
 */
@InterceptorBinding
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface ClientErrorsAsValues {
}
