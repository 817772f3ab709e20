#ifndef CPROCESS_H
#define CPROCESS_H

/// Makes the process not dumpable: no core file, no ptrace by other users.
/// prctl(2) is variadic, which Swift cannot call: this wraps the one use.
int cprocess_set_not_dumpable(void);

#endif
