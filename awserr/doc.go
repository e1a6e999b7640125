// Package awserr is the error value every Gatehouse service returns to a client.
//
// AWS identifies an error by its code string (AccessDenied, NoSuchEntity, …), not by a number,
// so the code string is this value's identity. Each protocol renderer in package api turns an
// *Error into that protocol's error document exactly once; services never format errors
// themselves. The message is public; the cause, when there is one, is for logs only.
package awserr
