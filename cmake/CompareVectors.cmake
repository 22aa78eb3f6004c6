# Regenerates every vector file into OUT and compares each with the checked-in
# one in VECTORS, byte for byte.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${GENERATOR} ${OUT} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "imref-vectorgen failed (${rc})")
endif()
file(GLOB generated RELATIVE ${OUT} ${OUT}/*.json)
list(LENGTH generated count)
if(count EQUAL 0)
  message(FATAL_ERROR "imref-vectorgen wrote no files")
endif()
foreach(f ${generated})
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/${f} ${VECTORS}/${f}
                  RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "vectors/${f} differs from what imref-vectorgen makes: regenerate with "
                        "imref-vectorgen vectors/ and review the diff (tcIds must not move)")
  endif()
endforeach()
message(STATUS "${count} vector files reproduced byte for byte")
