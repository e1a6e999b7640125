package wire

import (
	"fmt"
	"reflect"
)

// SetHandler sets the field name of handlers — a pointer to a generated Handlers struct, one
// func field per operation of the model — to f. It refuses a name that is no field (no
// operation of the model) and an f whose type is not exactly the field's, so a service's
// operations table binds (op.Table.Bind) only rows that serve an operation of the model with
// its input and output shapes. It runs once per operation when a service is built.
func SetHandler(handlers any, name string, f any) error {
	field, err := handlerField(handlers, name)
	if err != nil {
		return err
	}
	v := reflect.ValueOf(f)
	if !v.IsValid() || v.Type() != field.Type() || v.IsNil() {
		return fmt.Errorf("wire: the handler of %s is a %T, not a non-nil %s", name, f, field.Type())
	}
	field.Set(v)
	return nil
}

// HandlerSet reports whether the field name of handlers (as for SetHandler) is set: whether
// the operation is served rather than answered NotImplemented.
func HandlerSet(handlers any, name string) bool {
	field, err := handlerField(handlers, name)
	return err == nil && !field.IsNil()
}

func handlerField(handlers any, name string) (reflect.Value, error) {
	v := reflect.ValueOf(handlers)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, fmt.Errorf("wire: handlers is a %T, not a pointer to a Handlers struct", handlers)
	}
	field := v.Elem().FieldByName(name)
	if !field.IsValid() || field.Kind() != reflect.Func || !field.CanSet() {
		return reflect.Value{}, fmt.Errorf("wire: %s is no operation of %s", name, v.Elem().Type())
	}
	return field, nil
}
