"""Seed content in Spanish, first version: frozen data for migration 0020.

Written in the project's own words from the English items of `_content_v2` (the same facts, the
same balance, the same sources, which stay the English originals'); not a machine translation.
Each row starts "awaiting clinical review", like any new version, and no clinician is named.
Items without a Spanish version here show in English on the Spanish Learn page, which says so.

FAQS: the English FAQ's `order` -> its Spanish question and answer.
"""

FAQS = {
    1: {
        "english_question": "Is ketamine a replacement for my antidepressant?",
        "question": "¿La ketamina reemplaza a mi antidepresivo?",
        "answer": (
            "No necesariamente. La esketamina (Spravato) se aprobó primero para usarse junto con "
            "un antidepresivo oral; desde enero de 2025 también está aprobada sola para la "
            "depresión resistente al tratamiento. Si conviene seguir, cambiar o dejar su "
            "antidepresivo es una decisión que toman usted y quien se lo receta, juntos.\n\n"
            "**No deje un antidepresivo por su cuenta.** Dejarlo de golpe puede causar síntomas "
            "de retirada y hace más probable una recaída."
        ),
    },
    2: {
        "english_question": "How quickly does each treatment work?",
        "question": "¿Qué tan rápido funciona cada tratamiento?",
        "answer": (
            "En los estudios, la ketamina a menudo alivió los síntomas en cuestión de horas o de "
            "un día en las personas que respondieron, pero el efecto de una sola dosis suele "
            "pasar en unos días o hasta unas dos semanas, así que se usa una serie de sesiones. "
            "Los antidepresivos suelen tardar **de 4 a 8 semanas** en hacer todo su efecto, y "
            "cuando funcionan, el beneficio suele mantenerse mientras se siguen tomando."
        ),
    },
    3: {
        "english_question": "Is ketamine addictive?",
        "question": "¿La ketamina crea adicción?",
        "answer": (
            "La ketamina se puede usar de forma indebida, y la esketamina es una sustancia "
            "controlada con una advertencia de recuadro («boxed warning») sobre el abuso y el "
            "uso indebido. Por eso, en Riverbend solo se administra en la clínica, con "
            "vigilancia, y nunca se la lleva a casa.\n\n"
            "Las personas con antecedentes de problemas con el alcohol o las drogas corren más "
            "riesgo, así que cuéntenos sobre cualquier consumo pasado o actual. Eso no descarta "
            "el tratamiento por sí solo, pero su profesional clínico lo sopesará con cuidado. "
            "Hay pocos datos a largo plazo sobre el tratamiento repetido.\n\n"
            "En octubre de 2023, la FDA advirtió sobre la ketamina preparada en farmacias de "
            "compuestos («compounded») que se vende para la salud mental, incluidos productos "
            "que se toman en casa, donde no hay ningún profesional de la salud para vigilar."
        ),
    },
    4: {
        "english_question": "Will insurance cover it?",
        "question": "¿Lo cubre el seguro médico?",
        "answer": (
            "Depende de su plan y del tratamiento, así que consulte con su aseguradora. La "
            "esketamina (Spravato) está aprobada por la FDA para la depresión; la ketamina "
            "intravenosa para la depresión es un uso fuera de lo aprobado («off-label», es decir, "
            "no es un uso aprobado por la FDA).\n\n"
            "Nuestros coordinadores pueden explicarle los precios de la clínica y ayudarle a "
            "revisar sus beneficios antes de que decida nada."
        ),
    },
    5: {
        "english_question": "What happens at an evaluation?",
        "question": "¿Qué pasa en una evaluación?",
        "answer": (
            "Un profesional clínico repasa con usted sus respuestas del cuestionario y le "
            "pregunta sobre:\n\n"
            "- sus síntomas y cuánto ha durado este episodio;\n"
            "- los tratamientos que ha probado, con las dosis y el tiempo que los tomó;\n"
            "- su salud física, incluida la presión arterial, y los medicamentos que toma ahora;\n"
            "- cualquier antecedente de psicosis, manía o consumo de alcohol o drogas.\n\n"
            "Hablarán de todas sus opciones, incluidas las que no son ketamina. Una evaluación "
            "no le compromete a recibir tratamiento, y el resumen que ve en este sitio es "
            "información educativa, no un diagnóstico."
        ),
    },
    6: {
        "english_question": "What if I'm having thoughts of suicide?",
        "question": "¿Y si tengo pensamientos de suicidio?",
        "answer": (
            "**Si está en peligro ahora, llame al 911 o vaya a la sala de emergencias más "
            "cercana.**\n\n"
            "Puede hablar con alguien ahora mismo, a cualquier hora:\n\n"
            "- Llame o envíe un mensaje de texto al **988**, la Línea de Prevención del Suicidio "
            "y Crisis, o chatee en [988lifeline.org/chat](https://988lifeline.org/chat). Es "
            "gratuita, confidencial y atiende las 24 horas, todos los días, en inglés y en "
            "español.\n"
            "- Veteranos y miembros de las fuerzas armadas: marquen el 988 y luego el 1 (la "
            "Línea de Crisis para Veteranos).\n"
            "- Personas sordas o con dificultad auditiva: envíen un mensaje de texto al 988, "
            "chateen o usen el botón de video «ASL Now» en "
            "[988lifeline.org](https://988lifeline.org/) para comunicarse por señas con un "
            "consejero.\n\n"
            "Nadie vigila nuestro formulario a todas horas, así que no espere nuestra respuesta. "
            "Las personas sí salen adelante; la ayuda funciona."
        ),
    },
    7: {
        "english_question": "What is the difference between ketamine and esketamine?",
        "question": "¿Qué diferencia hay entre la ketamina y la esketamina?",
        "answer": (
            "La ketamina está formada por dos formas que son imagen en espejo una de la otra; la "
            "esketamina es una de ellas. La esketamina (Spravato) es un aerosol nasal aprobado "
            "por la FDA para la depresión y se administra dentro de un programa de seguridad. "
            "La ketamina para la depresión suele darse por infusión intravenosa, un uso fuera de "
            "lo aprobado («off-label»). Las dos actúan sobre el glutamato, y hay pocos estudios "
            "que las comparen directamente."
        ),
    },
    8: {
        "english_question": "What do the medical words on this page mean?",
        "question": "¿Qué significan las palabras médicas de esta página?",
        "answer": (
            "- **Glutamato, NMDA y AMPA**: el glutamato es un mensajero que usan las células del "
            "cerebro para comunicarse entre sí; los receptores NMDA y AMPA son dos de sus puntos "
            "de anclaje en esas células. La ketamina bloquea el receptor NMDA.\n"
            "- **BDNF**: una proteína que ayuda a las células del cerebro a crecer y conectarse.\n"
            "- **Disociación**: sentirse desconectado de uno mismo, de sus pensamientos y "
            "sentimientos, o del tiempo y el espacio.\n"
            "- **MADRS**: una escala de 0 a 60 que usan los profesionales clínicos en los "
            "estudios para medir qué tan grave es la depresión; una puntuación más alta "
            "significa una depresión peor.\n"
            "- **Remisión**: quedan pocos síntomas o ninguno.\n"
            "- **Fuera de lo aprobado («off-label»)**: un medicamento usado para un fin que la "
            "FDA no ha aprobado.\n"
            "- **REMS**: un programa de seguridad de la FDA que fija reglas sobre cómo se "
            "administra un medicamento de riesgo; la esketamina solo se administra en clínicas "
            "certificadas en ese programa.\n"
            "- **MAV**: una conexión anormal entre arterias y venas.\n"
            "- **Cistitis**: una vejiga irritada e inflamada.\n"
            "- **Placebo**: un tratamiento simulado, sin medicamento, que se usa en los estudios "
            "para comparar."
        ),
    },
}

# PROS_CONS: (treatment, kind, order) of the English item -> its English text (to find it
# unchanged) and its Spanish text. All twenty, five of each, as in English.
PROS_CONS = {
    ("ketamine", "pro", 1): (
        "Can ease symptoms within hours to a day",
        "En algunas personas puede aliviar los síntomas en cuestión de horas o de un día, "
        "mientras que los antidepresivos habituales tardan semanas.",
    ),
    ("ketamine", "pro", 2): (
        "Studied specifically in depression",
        "Se ha estudiado específicamente en la depresión que no ha mejorado después de dos o "
        "más antidepresivos, un grupo en el que los siguientes medicamentos habituales ayudan "
        "a menos personas.",
    ),
    ("ketamine", "pro", 3): (
        "Works on a different brain system",
        "Actúa sobre otro sistema del cerebro (el glutamato), así que puede ayudar cuando no "
        "han funcionado los medicamentos que actúan sobre la serotonina y la norepinefrina.",
    ),
    ("ketamine", "pro", 4): (
        "Sexual problems and weight gain",
        "Los problemas sexuales y el aumento de peso, frecuentes con algunos antidepresivos "
        "diarios, no están entre sus efectos secundarios más reportados; sus efectos "
        "secundarios principales ocurren durante la sesión y poco después. Quien además toma "
        "un antidepresivo oral tiene también los efectos secundarios de ese medicamento.",
    ),
    ("ketamine", "pro", 5): (
        "Given under supervision in a clinic",
        "Se administra bajo supervisión en una clínica, así que los efectos secundarios se "
        "vigilan y se atienden en el momento.",
    ),
    ("ketamine", "con", 1): (
        "The benefit of a single dose often fades",
        "El beneficio de una sola dosis a menudo se pierde en unos días o hasta unas dos "
        "semanas, y la evidencia de que las infusiones repetidas o de mantenimiento ayuden es "
        "débil.",
    ),
    ("ketamine", "con", 2): (
        "Dissociation (in most people)",
        "La disociación (en la mayoría de las personas), el sueño, la presión arterial alta, "
        "el mareo y las náuseas son frecuentes alrededor de cada sesión; la esketamina "
        "requiere al menos 2 horas de vigilancia y no manejar hasta el día siguiente.",
    ),
    ("ketamine", "con", 3): (
        "Can be misused",
        "Se puede usar de forma indebida, y puede no ser adecuada para personas con problemas "
        "de consumo de sustancias, psicosis o ciertas enfermedades del corazón y de los vasos "
        "sanguíneos.",
    ),
    ("ketamine", "con", 4): (
        "Long-term safety and benefit",
        "No se conocen bien la seguridad ni el beneficio a largo plazo del tratamiento "
        "repetido; la mayoría de los estudios fueron pequeños y cortos.",
    ),
    ("ketamine", "con", 5): (
        "Takes time and travel",
        "Requiere tiempo y traslados: visitas frecuentes a la clínica, sobre todo en las "
        "primeras semanas. La ketamina intravenosa para la depresión es un uso fuera de lo "
        "aprobado («off-label», no aprobado por la FDA).",
    ),
    ("antidepressant", "pro", 1): (
        "Taken at home as a daily pill",
        "Se toma en casa, en una pastilla diaria, sin tener que ir a la clínica para cada dosis.",
    ),
    ("antidepressant", "pro", 2): (
        "A large evidence base",
        "Mucha evidencia: en un análisis de 522 ensayos, los 21 antidepresivos estudiados "
        "funcionaron mejor que el placebo a corto plazo.",
    ),
    ("antidepressant", "pro", 3): (
        "When one works, continuing it",
        "Cuando uno funciona, seguir tomándolo después de recuperarse reduce a menos de la "
        "mitad la probabilidad de una recaída, en comparación con dejarlo.",
    ),
    ("antidepressant", "pro", 4): (
        "Many choices with different side effects",
        "Hay muchas opciones con distintos efectos secundarios, así que si uno no le sienta "
        "bien, se puede probar o agregar otro.",
    ),
    ("antidepressant", "pro", 5): (
        "A recommended first-line treatment",
        "Es un tratamiento de primera línea recomendado, solo o con psicoterapia; muchos "
        "también se usan para tratar la ansiedad.",
    ),
    ("antidepressant", "con", 1): (
        "Usually take 4 to 8 weeks",
        "Suelen tardar de 4 a 8 semanas en hacer todo su efecto.",
    ),
    ("antidepressant", "con", 2): (
        "The first medicine is often not enough",
        "El primer medicamento a menudo no basta: en el estudio STAR*D, alrededor del 37% de "
        "las personas llegó a la remisión (pocos síntomas o ninguno) con el primero, y los "
        "pasos siguientes ayudaron a menos personas.",
    ),
    ("antidepressant", "con", 3): (
        "Side effects such as nausea",
        "Son frecuentes efectos secundarios como náuseas, problemas sexuales, sueño y "
        "embotamiento emocional, y algunos medicamentos hacen subir de peso.",
    ),
    ("antidepressant", "con", 4): (
        "Stopping suddenly can cause",
        "Dejarlos de golpe puede causar síntomas de retirada, y dejarlos demasiado pronto "
        "aumenta la probabilidad de una recaída, así que hay que planear cómo dejarlos.",
    ),
    ("antidepressant", "con", 5): (
        "Boxed warning",
        "Advertencia de recuadro («boxed warning»): mayor riesgo de pensamientos y conductas "
        "suicidas en personas menores de 25 años, sobre todo al principio del tratamiento.",
    ),
}

# The privacy notice (ContentPage "privacy"): its Spanish page, found at /privacy/ in Spanish.
PRIVACY_NOTICE = {
    "english_title": "Privacy notice",
    "slug": "privacy-es",
    "title": "Aviso de privacidad",
    "body": (
        "Riverbend Ketamine Clinic usa este sitio web para recibir solicitudes de evaluación. "
        "Como el formulario pregunta sobre su salud, tratamos todo lo que usted escribe como "
        "información de salud confidencial. Este aviso explica, con palabras sencillas, qué "
        "datos recogemos, para qué, quién puede verlos y cuánto tiempo los guardamos.\n\n"
        "**Qué datos recogemos**\n\n"
        "- Sus datos de contacto: nombre, nombre preferido, fecha de nacimiento, correo "
        "electrónico, teléfono celular, medio de contacto preferido e idioma.\n"
        "- Sus respuestas sobre cómo se ha sentido (los cuestionarios PHQ-9 y GAD-7) y, si "
        "las contesta, las preguntas de seguridad.\n"
        "- Sus antecedentes de tratamiento, sus respuestas a las preguntas de salud y los "
        "medicamentos que toma ahora.\n"
        "- Sus preferencias de cita, el profesional que le refirió (si lo hay) y su nombre "
        "escrito como firma.\n"
        "- Los registros técnicos necesarios para que el sitio funcione con seguridad: una "
        "cookie de sesión que mantiene su borrador y su enlace privado de estado, y registros "
        "de seguridad (como la hora y la dirección de red de una solicitud) que usamos para "
        "impedir abusos.\n\n"
        "Si usted es menor de 18 años, el formulario se detiene y no guarda nada, porque la "
        "clínica solo atiende a adultos.\n\n"
        "**Para qué los usamos**\n\n"
        "Solo para revisar su solicitud, contactarle sobre ella, programar y preparar su "
        "evaluación, y llevar un registro de lo que pasó con su solicitud. No vendemos su "
        "información ni la usamos para publicidad.\n\n"
        "**Quién puede verlos**\n\n"
        "Solo el personal de la clínica que trabaja con las solicitudes de evaluación: "
        "nuestros coordinadores y profesionales clínicos. El personal debe iniciar sesión, y "
        "cada vez que alguien ve, exporta o cambia una solicitud, queda anotado en un "
        "registro de auditoría. El personal que edita las páginas educativas del sitio no "
        "puede ver la información de los pacientes. Los correos electrónicos que le enviamos "
        "no contienen detalles clínicos. Los proveedores técnicos que alojan este sitio o "
        "entregan nuestros correos pueden tratar su información solo para prestarnos ese "
        "servicio. Fuera de eso, solo compartimos su información fuera de la clínica si usted "
        "nos lo pide (por ejemplo, con el profesional que le refirió) o si la ley lo exige.\n\n"
        "**Cuánto tiempo los guardamos**\n\n"
        "- Un formulario sin terminar (un borrador) se borra automáticamente a los 7 días.\n"
        "- Una solicitud enviada se guarda mientras trabajamos en ella.\n"
        "- Después de cerrar una solicitud, y una vez pasado el plazo de conservación de la "
        "clínica, se anonimiza, de modo que ya no le identifica.\n\n"
        "Si usted llega a ser paciente, su expediente médico se guarda aparte, según la "
        "política de expedientes médicos de la clínica.\n\n"
        "**Sus opciones y derechos**\n\n"
        "- Puede cancelar una cita desde su página privada de estado, y puede retirar su "
        "solicitud en cualquier momento llamándonos.\n"
        "- Puede pedir una copia de la información que nos dio, pedirnos que la corrijamos o "
        "pedirnos que borremos su solicitud.\n"
        "- No comparta su enlace privado de estado: cualquier persona que lo tenga puede ver "
        "el estado de su solicitud hasta que venza.\n\n"
        "**Contáctenos**\n\n"
        "Para cualquier pregunta o solicitud sobre privacidad, llame a Riverbend Ketamine "
        "Clinic al (555) 010-0199 o escríbanos a 250 Mill Street, Suite 300, Riverbend, NY "
        "12000. Esta página y este formulario no son para emergencias: si está en crisis, "
        "llame o envíe un mensaje de texto al 988, o llame al 911."
    ),
}
