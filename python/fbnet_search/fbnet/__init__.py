"""The FBNet search exported from FBNet Studio: supernet, schedule, loop and result."""
